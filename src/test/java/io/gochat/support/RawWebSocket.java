package io.gochat.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.MessageLite;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;

/**
 * A WebSocket client on a plain socket that reads nothing unless asked: what a hostile or
 * stuck client looks like to the node (a small receive buffer, frames written, answers
 * left unread).
 */
public final class RawWebSocket implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
	}

	/** Opens a TCP connection and sends nothing. */
	public static RawWebSocket tcp(String host, int port) {
		return tcpFrom(null, host, port);
	}

	/**
	 * Opens a TCP connection from a local address (any 127.x.y.z works on Linux) and
	 * sends nothing.
	 */
	public static RawWebSocket tcpFrom(String localAddress, String host, int port) {
		try {
			Socket socket = new Socket();
			socket.setReceiveBufferSize(4096);
			if (localAddress != null) {
				socket.bind(new InetSocketAddress(localAddress, 0));
			}
			socket.connect(new InetSocketAddress(host, port), 5000);
			socket.setSoTimeout(5000);
			return new RawWebSocket(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Opens a connection and completes the WebSocket upgrade. */
	public static RawWebSocket upgraded(String host, int port) {
		RawWebSocket raw = tcp(host, port);
		raw.upgrade(host, port);
		return raw;
	}

	/** Sends the HTTP upgrade request and reads the 101 answer's headers. */
	public void upgrade(String host, int port) {
		try {
			this.out.write(("GET /ws HTTP/1.1\r\nHost: " + host + ":" + port
					+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
					+ "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			this.out.flush();
			String headers = readHeaders();
			if (!headers.startsWith("HTTP/1.1 101")) {
				throw new IllegalStateException("upgrade refused: " + headers);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads an HTTP answer's status line and headers. */
	public String readHeaders() throws IOException {
		InputStream in = this.socket.getInputStream();
		ByteArrayOutputStream seen = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int b = in.read();
			if (b < 0) {
				break;
			}
			seen.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == end[0]) ? 1 : 0);
		}
		return seen.toString(StandardCharsets.US_ASCII);
	}

	/** Writes raw bytes (an HTTP request, or garbage). */
	public void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	public void send(CmdType type, MessageLite data) throws IOException {
		sendBinary(Input.newBuilder().setType(type).setData(data.toByteString()).build().toByteArray());
	}

	/** Writes one masked binary frame. */
	public void sendBinary(byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write(0x82);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift));
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Whether the node closed the connection: reads (and drops) whatever arrived until
	 * the end of the stream, at most {@code timeoutMillis}.
	 */
	public boolean closedByPeer(int timeoutMillis) {
		try {
			this.socket.setSoTimeout(timeoutMillis);
			InputStream in = this.socket.getInputStream();
			byte[] buffer = new byte[8192];
			while (in.read(buffer) >= 0) {
				// drop
			}
			return true;
		}
		catch (java.net.SocketTimeoutException ex) {
			return false;
		}
		catch (IOException ex) {
			// reset by the node
			return true;
		}
	}

	public Socket socket() {
		return this.socket;
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
