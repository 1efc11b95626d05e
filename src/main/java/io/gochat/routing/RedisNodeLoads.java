package io.gochat.routing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.gochat.mode.ClusterMode;
import io.gochat.presence.NodeMembership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Connection counts shared through Redis: every node writes its count to the hash
 * {@value #LOADS} and its WebSocket URL to {@value #URLS} (field: its
 * {@code ip:rpc-port}) every {@code app.route.report-interval}. A pick reads the hash,
 * keeps the nodes etcd lists as live (an entry of a node that left is deleted on sight),
 * takes the lowest count and adds one to it, so that clients routed before the next
 * report spread instead of all going to the same node. The next report replaces the
 * estimate with the real count.
 */
@ClusterMode
@Component
class RedisNodeLoads implements NodeLoads, SmartLifecycle {

	static final String LOADS = "gochat_node_connections";

	static final String URLS = "gochat_node_ws";

	private static final Logger log = LoggerFactory.getLogger(RedisNodeLoads.class);

	private final StringRedisTemplate redis;

	private final NodeMembership cluster;

	private final SelfAddress self;

	private final RoutingProperties properties;

	private volatile ScheduledExecutorService reporter;

	RedisNodeLoads(StringRedisTemplate redis, NodeMembership cluster, SelfAddress self, RoutingProperties properties) {
		this.redis = redis;
		this.cluster = cluster;
		this.self = self;
		this.properties = properties;
	}

	@Override
	public Map<String, Long> snapshot() {
		Map<String, Long> live = new TreeMap<>();
		this.redis.opsForHash().entries(LOADS).forEach((node, count) -> {
			if (this.cluster.isLive((String) node)) {
				live.put((String) node, parse((String) count));
			}
		});
		return live;
	}

	@Override
	public Choice pickLeastLoaded() {
		Map<Object, Object> loads = this.redis.opsForHash().entries(LOADS);
		String best = null;
		long fewest = Long.MAX_VALUE;
		for (Map.Entry<Object, Object> entry : loads.entrySet()) {
			String node = (String) entry.getKey();
			if (!this.cluster.isLive(node)) {
				this.redis.opsForHash().delete(LOADS, node);
				this.redis.opsForHash().delete(URLS, node);
				continue;
			}
			long count = parse((String) entry.getValue());
			// ties go to the lower address, so that answers are stable
			if (count < fewest || count == fewest && node.compareTo(best) < 0) {
				best = node;
				fewest = count;
			}
		}
		if (best == null) {
			// nothing reported yet (the first second of a cluster): this node is live
			return new Choice(this.self.node(), this.self.websocketUrl(), this.self.connections());
		}
		long counted = this.redis.opsForHash().increment(LOADS, best, 1);
		String ws = (String) this.redis.opsForHash().get(URLS, best);
		if (ws == null) {
			return new Choice(this.self.node(), this.self.websocketUrl(), this.self.connections());
		}
		return new Choice(best, ws, counted);
	}

	private static long parse(String count) {
		try {
			return Long.parseLong(count);
		}
		catch (NumberFormatException ex) {
			return Long.MAX_VALUE;
		}
	}

	void report() {
		try {
			String node = this.self.node();
			this.redis.opsForHash().put(URLS, node, this.self.websocketUrl());
			this.redis.opsForHash().put(LOADS, node, Long.toString(this.self.connections()));
		}
		catch (RuntimeException ex) {
			log.debug("Could not report this node's connections: {}", ex.toString());
		}
	}

	@Override
	public void start() {
		this.reporter = Executors.newSingleThreadScheduledExecutor(
				(task) -> Thread.ofPlatform().name("gochat-route-report").daemon().unstarted(task));
		long interval = this.properties.reportInterval().toMillis();
		this.reporter.scheduleWithFixedDelay(this::report, 0, interval, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.reporter.shutdownNow();
		try {
			// gone from the choices at once, not only when etcd drops the node
			this.redis.opsForHash().delete(LOADS, this.self.node());
			this.redis.opsForHash().delete(URLS, this.self.node());
		}
		catch (RuntimeException ex) {
			log.debug("Could not remove this node's connection count: {}", ex.toString());
		}
	}

	@Override
	public boolean isRunning() {
		return this.reporter != null && !this.reporter.isShutdown();
	}

	@Override
	public int getPhase() {
		// starts after the gateway listens (its port is reported) and stops before it
		return io.gochat.node.ServerPhases.SERVERS + 10;
	}

}
