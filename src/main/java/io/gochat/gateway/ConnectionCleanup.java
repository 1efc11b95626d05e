package io.gochat.gateway;

import io.gochat.presence.UserPresence;

import org.springframework.stereotype.Component;

/**
 * What happens when a connection closes, however it closed: it leaves the registry at
 * once, and its user's route is removed after the commands it had queued.
 */
@Component
class ConnectionCleanup {

	private final ConnectionRegistry registry;

	private final CommandWorkers workers;

	private final UserPresence presence;

	ConnectionCleanup(ConnectionRegistry registry, CommandWorkers workers, UserPresence presence) {
		this.registry = registry;
		this.workers = workers;
		this.presence = presence;
	}

	void closed(Connection connection) {
		this.registry.closed(connection);
		if (!connection.isLoggedIn()) {
			return;
		}
		long userId = connection.userId();
		this.workers.submitEventually(connection, () -> {
			// a newer connection of the same user on this node keeps the route
			if (!this.registry.isConnected(userId)) {
				this.presence.disconnectedHere(userId);
			}
		});
	}

}
