package io.gochat.cluster;

import java.time.Duration;
import java.time.Instant;

import io.gochat.mode.ClusterMode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health {@code etcd}: up while etcd confirmed this node's registration within the last
 * {@link #GRACE} (it is checked every second, so the probe itself never calls etcd). Past
 * that, other nodes have dropped this one (its lease expired) and cannot push to it, so
 * it should not take new connections.
 */
@ClusterMode
@Component("etcdHealthIndicator")
class EtcdHealthIndicator implements HealthIndicator {

	/** Three lease lifetimes: a few missed checks do not flip readiness. */
	static final Duration GRACE = Duration.ofSeconds(3 * EtcdMembership.LEASE_TTL_SECONDS);

	private final EtcdMembership membership;

	private final LiveNodes nodes;

	EtcdHealthIndicator(EtcdMembership membership, LiveNodes nodes) {
		this.membership = membership;
		this.nodes = nodes;
	}

	@Override
	public Health health() {
		long last = this.membership.lastContactMillis();
		long age = System.currentTimeMillis() - last;
		Health.Builder health = (this.membership.isRunning() && last > 0 && age <= GRACE.toMillis()) ? Health.up()
				: Health.down();
		return health.withDetail("node", this.membership.self())
			.withDetail("lastContact", (last > 0) ? Instant.ofEpochMilli(last).toString() : "never")
			.withDetail("liveNodes", this.nodes.snapshot().stream().sorted().toList())
			.build();
	}

}
