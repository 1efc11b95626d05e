package io.gochat.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.gochat.delivery.LocalSessions;
import io.gochat.presence.LocalConnections;

import org.springframework.stereotype.Component;

/**
 * The connections of this node: all open ones, and the logged-in ones by user (at most
 * one connection per user).
 */
@Component
class ConnectionRegistry implements LocalSessions, LocalConnections {

	private final Set<Connection> open = ConcurrentHashMap.newKeySet();

	private final ConcurrentHashMap<Long, Connection> byUser = new ConcurrentHashMap<>();

	void opened(Connection connection) {
		this.open.add(connection);
	}

	/**
	 * Forgets the connection; its user's entry only if it still is this connection.
	 */
	void closed(Connection connection) {
		this.open.remove(connection);
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

	@Override
	public boolean push(long userId, byte[] output) {
		Connection connection = this.byUser.get(userId);
		return connection != null && connection.send(output);
	}

}
