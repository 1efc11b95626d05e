package io.gochat.delivery;

import java.util.Map;
import java.util.Optional;

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

	private final String self;

	PushRouter(LocalSessions local, ClusterNodes cluster, UserRoutes routes, NodeProperties node) {
		this.local = local;
		this.cluster = cluster;
		this.routes = routes;
		this.self = node.rpcAddress();
	}

	/**
	 * Queues the push if the receiver is connected to this node.
	 * @return false if not: then {@link #toOtherNode} decides
	 */
	boolean toLocalUser(long userId, byte[] output) {
		return this.local.push(userId, output);
	}

	/**
	 * Hands the push to the node in the receiver's route, if that node is live.
	 */
	void toOtherNode(long userId, byte[] output) {
		Optional<String> node = this.routes.nodeOf(userId);
		if (node.isEmpty()) {
			return;
		}
		String address = node.get();
		if (!address.equals(this.self) && this.cluster.isLive(address)) {
			this.cluster.deliver(address, userId, output);
		}
		else {
			this.routes.removeIfAt(userId, address);
		}
	}

	/**
	 * Queues the pushes of the members connected to this node.
	 */
	void toLocalUsers(Map<Long, byte[]> outputs) {
		this.local.pushAll(outputs);
	}

	/**
	 * Hands the whole set to every other node, as upstream does: each delivers to the
	 * members it holds.
	 */
	void toOtherNodes(Map<Long, byte[]> outputs) {
		this.cluster.deliverToOthers(outputs);
	}

}
