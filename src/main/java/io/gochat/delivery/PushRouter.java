package io.gochat.delivery;

import java.util.Map;

import io.gochat.presence.Location;

import org.springframework.stereotype.Component;

/**
 * Gets a push to wherever its receiver is connected (see
 * {@link io.gochat.presence.UserPresence#locate}): this node, another live node, or
 * nowhere (offline: the stored copy waits for sync).
 */
@Component
class PushRouter {

	private final LocalSessions local;

	private final ClusterNodes cluster;

	PushRouter(LocalSessions local, ClusterNodes cluster) {
		this.local = local;
		this.cluster = cluster;
	}

	/**
	 * Queues the push for the located receiver. Never blocks: safe on the delivery
	 * pipeline's thread, whose order it keeps (local queues and per-peer gRPC channels
	 * are FIFO).
	 */
	void push(Location location, long userId, byte[] output) {
		if (location == Location.LOCAL) {
			this.local.push(userId, output);
		}
		else if (location != Location.OFFLINE) {
			this.cluster.deliver(location.node(), userId, output);
		}
	}

	/**
	 * Queues the pushes of the members connected here and hands the whole set to every
	 * other node, as upstream does: each delivers to the members it holds. Never blocks.
	 */
	void pushToAll(Map<Long, byte[]> outputs) {
		this.local.pushAll(outputs);
		this.cluster.deliverToOthers(outputs);
	}

}
