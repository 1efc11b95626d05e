package io.gochat.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Ports chosen at run time for what must be told its port before it starts (a node in a
 * process of its own, an etcd, the gRPC port that is also a node's identity): the system
 * hands out a free one, which is released at once for the caller to bind.
 */
public final class FreePorts {

	private FreePorts() {
	}

	/** A port free on {@code host} right now. */
	public static int on(String host) {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no free port on " + host, ex);
		}
	}

	/** Whether something accepts connections on {@code host:port} right now. */
	public static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
