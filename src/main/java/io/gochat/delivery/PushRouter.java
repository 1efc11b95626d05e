package io.gochat.delivery;

import java.util.Map;
import java.util.Optional;

import io.gochat.metrics.ChatMetrics;
import io.gochat.presence.UserRoutes;
import io.gochat.system.NodeProperties;

import org.springframework.stereotype.Component;

/**
 * Gets a push to wherever its receiver is connected: this node, another live node, or
 * nowhere (offline: the stored copy waits for sync). A route to a node that is gone, or
 * to this node without a connection here, is stale and removed when found.
 */
@Component
class PushRouter {

	private final LocalSessions local;

	private final ClusterNodes cluster;

	private final UserRoutes routes;

	private final ChatMetrics metrics;

	private final String self;

	PushRouter(LocalSessions local, ClusterNodes cluster, UserRoutes routes, ChatMetrics metrics, NodeProperties node) {
		this.local = local;
		this.cluster = cluster;
		this.routes = routes;
		this.metrics = metrics;
		this.self = node.rpcAddress();
	}

	/**
	 * Where the user is connected. May look up Redis: call it before taking the
	 * sequencer.
	 */
	Location locate(long userId) {
		if (this.local.isConnected(userId)) {
			return Location.LOCAL;
		}
		Optional<String> node = this.routes.nodeOf(userId);
		if (node.isEmpty()) {
			return Location.OFFLINE;
		}
		String address = node.get();
		if (!address.equals(this.self) && this.cluster.isLive(address)) {
			return new Location(address);
		}
		this.routes.removeIfAt(userId, address);
		return Location.OFFLINE;
	}

	/**
	 * Queues the push for the located receiver. Never blocks: safe under the sequencer,
	 * whose order it keeps (local queues and per-peer gRPC channels are FIFO).
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
		int queued = this.local.pushAll(outputs, acceptedNanos);
		this.metrics.pushedLocal(queued);
		this.cluster.deliverToOthers(outputs);
	}

	/**
	 * A receiver's whereabouts: this node, another node, or offline.
	 */
	record Location(String node) {

		static final Location LOCAL = new Location("local");

		static final Location OFFLINE = new Location("offline");

	}

}
