package io.gochat.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.gochat.delivery.LocalSessions;
import io.gochat.metrics.ChatMetrics;
import io.gochat.presence.LocalConnections;
import io.gochat.wire.PushFrames;

import org.springframework.stereotype.Component;

/**
 * The connections of this node: all open ones, and the logged-in ones by user (at most
 * one connection per user).
 */
@Component
class ConnectionRegistry implements LocalSessions, LocalConnections {

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final ConcurrentHashMap<Long, Connection> byUser = new ConcurrentHashMap<>();

	private final ChatMetrics metrics;

	ConnectionRegistry(ChatMetrics metrics) {
		this.metrics = metrics;
		metrics.gauge("gochat.connections.online", "Logged-in connections on this node", this.byUser,
				ConcurrentHashMap::size);
		metrics.gauge("gochat.connections.open", "Open WebSocket connections on this node, logged in or not", this.open,
				Set::size);
	}

	void opened(Connection connection) {
		this.open.add(connection);
	}

	/**
	 * Forgets the connection; its user's entry only if it still is this connection.
	 */
	void closed(Connection connection) {
		this.open.remove(connection);
		PushAcks acks = connection.pushAcks();
		if (acks != null) {
			acks.stop();
		}
		if (connection.isLoggedIn()) {
			this.byUser.remove(connection.userId(), connection);
		}
	}

	/**
	 * Makes the connection the user's connection on this node.
	 * @return false if the user already has another one here
	 */
	boolean bind(long userId, Connection connection) {
		return this.byUser.putIfAbsent(userId, connection) == null;
	}

	@Override
	public boolean isConnected(long userId) {
		return this.byUser.containsKey(userId);
	}

	Collection<Connection> open() {
		return Collections.unmodifiableSet(this.open);
	}

	/** Logged-in connections on this node. */
	int online() {
		return this.byUser.size();
	}

	@Override
	public boolean push(long userId, long seq, byte[] output, long acceptedNanos) {
		Connection connection = this.byUser.get(userId);
		return connection != null && connection.push(seq, output, acceptedNanos, this.metrics.pushLatency());
	}

	@Override
	public boolean pushFromPeer(long userId, byte[] output) {
		Connection connection = this.byUser.get(userId);
		return connection != null
				&& connection.push(PushFrames.seqOf(output), output, System.nanoTime(), this.metrics.peerPushLatency());
	}

	@Override
	public void skip(long userId, long seq) {
		Connection connection = this.byUser.get(userId);
		if (connection != null) {
			connection.skip(seq);
		}
	}

}
