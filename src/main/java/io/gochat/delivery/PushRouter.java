package io.gochat.delivery;

import java.util.Map;

import io.gochat.metrics.ChatMetrics;
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

	private final ChatMetrics metrics;

	PushRouter(LocalSessions local, ClusterNodes cluster, ChatMetrics metrics) {
		this.local = local;
		this.cluster = cluster;
		this.metrics = metrics;
	}

	/**
	 * Queues the push for the located receiver. Never blocks: safe on the delivery
	 * pipeline's thread, whose order it keeps (local queues and per-peer gRPC channels
	 * are FIFO).
	 */
	void push(Location location, long userId, byte[] output, long acceptedNanos) {
		if (location == Location.LOCAL) {
			if (this.local.push(userId, output, acceptedNanos)) {
				this.metrics.pushedLocal(1);
			}
		}
		else if (location != Location.OFFLINE) {
			this.cluster.deliver(location.node(), userId, output);
			this.metrics.pushedRemote(1);
		}
	}

	/**
	 * Queues the pushes of the members connected here and hands the whole set to every
	 * other node, as upstream does: each delivers to the members it holds. Never blocks.
	 * Counts the local pushes only: which members another node holds is known there
	 * ({@code gochat.pushes{route=from-peer}}).
	 */
	void pushToAll(Map<Long, byte[]> outputs, long acceptedNanos) {
		this.metrics.pushedLocal(this.local.pushAll(outputs, acceptedNanos));
		this.cluster.deliverToOthers(outputs);
	}

}
