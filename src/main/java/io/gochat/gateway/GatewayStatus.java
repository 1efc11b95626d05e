package io.gochat.gateway;

import org.springframework.stereotype.Component;

/**
 * What the rest of the node may know about the WebSocket gateway: whether it listens and
 * its event loops run, the port it is bound to, and how many connections it holds.
 */
@Component
public class GatewayStatus {

	private final GatewayServer server;

	private final ConnectionRegistry registry;

	GatewayStatus(GatewayServer server, ConnectionRegistry registry) {
		this.server = server;
		this.registry = registry;
	}

	/** Whether the server socket is bound and open. */
	public boolean isBound() {
		return this.server.isBound();
	}

	/** Event-loop threads that are not shut down, of {@link #eventLoops()}. */
	public int eventLoopsAlive() {
		return this.server.eventLoopsAlive();
	}

	/** The event-loop threads the gateway started with. */
	public int eventLoops() {
		return this.server.eventLoops();
	}

	/**
	 * The port actually bound (differs from {@code app.websocket-server-port} when that
	 * is 0).
	 * @throws IllegalStateException if the gateway is not listening
	 */
	public int port() {
		if (!isBound()) {
			throw new IllegalStateException("the WebSocket gateway is not listening");
		}
		return this.server.port();
	}

	/** Logged-in connections on this node. */
	public int online() {
		return this.registry.online();
	}

	/** The WebSocket path, {@code /ws}. */
	public String path() {
		return GatewayChannelInitializer.PATH;
	}

}
