package io.gochat.gateway;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code gateway}: up while the WebSocket server socket is bound and every event
 * loop runs. Part of the readiness group: a node that cannot take connections should get
 * none.
 */
@Component("gatewayHealthIndicator")
class GatewayHealthIndicator implements HealthIndicator {

	private final GatewayStatus gateway;

	GatewayHealthIndicator(GatewayStatus gateway) {
		this.gateway = gateway;
	}

	@Override
	public Health health() {
		boolean bound = this.gateway.isBound();
		int alive = this.gateway.eventLoopsAlive();
		int loops = this.gateway.eventLoops();
		Health.Builder health = (bound && alive == loops) ? Health.up() : Health.down();
		health.withDetail("bound", bound).withDetail("eventLoops", loops).withDetail("eventLoopsAlive", alive);
		if (bound) {
			health.withDetail("port", this.gateway.port()).withDetail("online", this.gateway.online());
		}
		return health.build();
	}

}
