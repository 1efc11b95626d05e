package io.gochat.presence;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * Standalone routes: there is one node, so a route only says that a user is online here.
 */
@StandaloneMode
@Component
class InMemoryUserRoutes implements UserRoutes {

	private final ConcurrentHashMap<Long, String> routes = new ConcurrentHashMap<>();

	@Override
	public Optional<String> nodeOf(long userId) {
		return Optional.ofNullable(this.routes.get(userId));
	}

	@Override
	public void register(long userId, String nodeAddress) {
		this.routes.put(userId, nodeAddress);
	}

	@Override
	public boolean removeIfAt(long userId, String nodeAddress) {
		return this.routes.remove(userId, nodeAddress);
	}

}
