package io.gochat.node;

import org.springframework.context.SmartLifecycle;

/**
 * Start/stop order of the lifecycle beans.
 */
public final class ServerPhases {

	/**
	 * The listening servers (WebSocket, gRPC): they start before the node registers in
	 * etcd (default phase) and stop after it left the cluster, so peers only route to a
	 * node that listens.
	 */
	public static final int SERVERS = SmartLifecycle.DEFAULT_PHASE - 100;

	private ServerPhases() {
	}

}
