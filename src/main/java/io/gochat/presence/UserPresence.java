package io.gochat.presence;

import java.util.Optional;

import io.gochat.node.NodeProperties;

import org.springframework.stereotype.Component;

/**
 * Who is online where, and the one rule that says whether a route is live: a route to
 * this node is live while the user has a connection here; a route to another node while
 * that node is in the cluster. Any other route was left by a crash (of this node before a
 * restart, or of another node) and does not keep a user out or a push waiting.
 */
@Component
public class UserPresence {

	private final UserRoutes routes;

	private final LocalConnections local;

	private final NodeMembership nodes;

	private final String self;

	UserPresence(UserRoutes routes, LocalConnections local, NodeMembership nodes, NodeProperties node) {
		this.routes = routes;
		this.local = local;
		this.nodes = nodes;
		this.self = node.rpcAddress();
	}

	/**
	 * Whether the user's route says, and rightly, that the user is online somewhere.
	 */
	public boolean hasLiveRoute(long userId) {
		Optional<String> node = this.routes.nodeOf(userId);
		return node.isPresent() && isLive(userId, node.get());
	}

	/**
	 * Where the user is connected. May look up Redis; removes a stale route when it finds
	 * one.
	 */
	public Location locate(long userId) {
		if (this.local.isConnected(userId)) {
			return Location.LOCAL;
		}
		Optional<String> node = this.routes.nodeOf(userId);
		if (node.isEmpty()) {
			return Location.OFFLINE;
		}
		String address = node.get();
		// a route to this node is stale here: the user has no connection on it
		if (!address.equals(this.self) && this.nodes.isLive(address)) {
			return new Location(address);
		}
		this.routes.removeIfAt(userId, address);
		return Location.OFFLINE;
	}

	/**
	 * Records that the user is connected to this node, replacing any earlier route.
	 */
	public void connectedHere(long userId) {
		this.routes.register(userId, this.self);
	}

	/**
	 * Removes the user's route if it still names this node.
	 */
	public void disconnectedHere(long userId) {
		this.routes.removeIfAt(userId, this.self);
	}

	private boolean isLive(long userId, String node) {
		return node.equals(this.self) ? this.local.isConnected(userId) : this.nodes.isLive(node);
	}

}
