package io.gochat.loadtest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

import com.google.protobuf.ByteString;
import io.gochat.protocol.Output;
import io.gochat.protocol.OutputBatch;

/**
 * A WebSocket client on a plain blocking socket, for the attack scenario: it can behave like a
 * hostile client (never read, never log in, stop half-way through the upgrade) or, with a
 * reader thread, like a normal one.
 */
final class PlainWebSocket implements AutoCloseable {

	private final Socket socket;

	private final OutputStream out;

	private PlainWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.out = socket.getOutputStream();
	}

	/** A TCP connection, nothing sent; a small receive buffer so that not reading stalls soon. */
	static PlainWebSocket tcp(InetAddress local, String host, int port) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(4096);
		if (local != null) {
			socket.bind(new InetSocketAddress(local, 0));
		}
		socket.connect(new InetSocketAddress(host, port), 5000);
		socket.setSoTimeout(10_000);
		return new PlainWebSocket(socket);
	}

	/** A connection with the WebSocket upgrade done. */
	static PlainWebSocket upgraded(String host, int port) throws IOException {
		PlainWebSocket ws = tcp(null, host, port);
		ws.out.write(("GET /ws HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
				+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
				+ "Sec-WebSocket-Version: 13\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		ws.out.flush();
		InputStream in = ws.socket.getInputStream();
		ByteArrayOutputStream headers = new ByteArrayOutputStream();
		int matched = 0;
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				ws.close();
				throw new IOException("closed during the upgrade");
			}
			headers.write(b);
			matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		if (!headers.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
			ws.close();
			throw new IOException("upgrade refused: " + headers.toString(StandardCharsets.US_ASCII).lines().findFirst());
		}
		return ws;
	}

	synchronized void send(byte[] payload) throws IOException {
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

	/** Reads frames on a daemon thread, handing each {@code Output} to {@code onOutput}. */
	void startReading(Consumer<Output> onOutput, Runnable onClose) {
		Thread reader = new Thread(() -> {
			try {
				this.socket.setSoTimeout(0);
				DataInputStream in = new DataInputStream(new BufferedInputStream(this.socket.getInputStream()));
				while (true) {
					int first = in.readUnsignedByte();
					int second = in.readUnsignedByte();
					long length = second & 0x7F;
					if (length == 126) {
						length = in.readUnsignedShort();
					}
					else if (length == 127) {
						length = in.readLong();
					}
					byte[] payload = new byte[(int) length];
					in.readFully(payload);
					int opcode = first & 0x0F;
					if (opcode == 0x8) {
						break;
					}
					if (opcode == 0x2) {
						for (ByteString bytes : OutputBatch.parseFrom(payload).getOutputsList()) {
							onOutput.accept(Output.parseFrom(bytes));
						}
					}
				}
			}
			catch (IOException ex) {
				// closed
			}
			onClose.run();
		}, "attack-reader");
		reader.setDaemon(true);
		reader.start();
	}

	/** Sends raw bytes, e.g. part of an HTTP request. */
	void write(byte[] bytes) throws IOException {
		this.out.write(bytes);
		this.out.flush();
	}

	boolean isClosed() {
		return this.socket.isClosed();
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
