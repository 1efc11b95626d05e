package io.gochat.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.support.CloseableClient;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.gochat.mode.ClusterMode;
import io.gochat.node.NodeProperties;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's membership in etcd: the key {@code /wsServers/<ip:rpc-port>} (value the
 * same address) under a 5-second lease kept alive, and a watch of the prefix that keeps
 * {@link LiveNodes} current, started from the revision of the initial listing so no event
 * is missed.
 * <p>
 * Unlike upstream it survives etcd going away: a check every second re-grants the lease
 * and re-registers when the key is gone (lease lost, etcd restarted empty), and a failed
 * watch is replaced by a fresh listing and watch. Meanwhile the node keeps serving with
 * the last known set. On shutdown the lease is revoked, so the others drop this node at
 * once.
 */
@ClusterMode
@Component
class EtcdMembership implements SmartLifecycle {

	static final String PREFIX = "/wsServers/";

	static final long LEASE_TTL_SECONDS = 5;

	private static final int RELIST_EVERY_CHECKS = 5;

	private static final Logger log = LoggerFactory.getLogger(EtcdMembership.class);

	private final Client etcd;

	private final EtcdProperties properties;

	private final LiveNodes nodes;

	private final String self;

	private final ByteSequence selfKey;

	// created on each start: the lifecycle may be stopped and started again
	private volatile ScheduledExecutorService scheduler;

	// touched only on the scheduler thread
	private long leaseId;

	private CloseableClient keepAlive;

	private Watch.Watcher watcher;

	private volatile boolean watchBroken;

	private volatile boolean running;

	private int checks;

	// wall-clock time of the last check that reached etcd and found this node registered
	private volatile long lastContactMillis;

	// when etcd last confirmed this node's lease alive (System.nanoTime); 0 after a
	// failure
	private volatile long leaseConfirmedNanos;

	EtcdMembership(Client etcd, EtcdProperties properties, LiveNodes nodes, NodeProperties node) {
		this.etcd = etcd;
		this.properties = properties;
		this.nodes = nodes;
		this.self = node.rpcAddress();
		this.selfKey = bytes(PREFIX + this.self);
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(
				(task) -> Thread.ofPlatform().name("gochat-etcd").daemon().unstarted(task));
		try {
			this.scheduler.submit(() -> {
				register();
				resyncAndWatch();
				return null;
			}).get(this.properties.timeout().toMillis() * 3, TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			this.scheduler.shutdownNow();
			throw new IllegalStateException("cannot register this node in etcd at " + this.properties.endpoints()
					+ " (is etcd running? start it or set etcd.endpoints)", ex);
		}
		this.running = true;
		this.lastContactMillis = System.currentTimeMillis();
		this.scheduler.scheduleWithFixedDelay(this::check, 1, 1, TimeUnit.SECONDS);
		log.info("Registered {} in etcd {}; live nodes: {}", this.self, this.properties.endpoints(),
				this.nodes.snapshot());
	}

	/**
	 * Runs every second: re-registers or re-watches after etcd trouble. While the lease
	 * keep-alive answers (every third of the TTL), the key bound to the lease is there:
	 * the read of it is skipped, so an idle node makes a request a second less.
	 */
	private void check() {
		try {
			if (!leaseRecentlyConfirmed()) {
				GetResponse mine = this.etcd.getKVClient()
					.get(this.selfKey)
					.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
				if (mine.getKvs().isEmpty()) {
					log.warn("Registration of {} was lost in etcd; registering again", this.self);
					register();
				}
				this.lastContactMillis = System.currentTimeMillis();
			}
			if (this.watchBroken) {
				resyncAndWatch();
			}
			else if (++this.checks % RELIST_EVERY_CHECKS == 0) {
				// heals what a watch cannot report, e.g.
				// etcd restarted with an empty store
				List<String> listed = listNodes().addresses();
				this.lastContactMillis = System.currentTimeMillis();
				if (!listed.contains(this.self)) {
					// the key went while its lease lived (deleted by hand)
					log.warn("Registration of {} is missing in etcd; registering again", this.self);
					register();
					listed = listNodes().addresses();
				}
				this.nodes.replaceWith(listed);
			}
		}
		catch (Exception ex) {
			log.warn("etcd unreachable ({}); serving with the last known nodes {}", rootMessage(ex),
					this.nodes.snapshot());
		}
	}

	private boolean leaseRecentlyConfirmed() {
		long confirmed = this.leaseConfirmedNanos;
		return confirmed != 0 && System.nanoTime() - confirmed < TimeUnit.SECONDS.toNanos(LEASE_TTL_SECONDS) / 2;
	}

	private void register() throws Exception {
		closeKeepAlive();
		this.leaseConfirmedNanos = 0;
		long timeout = this.properties.timeout().toMillis();
		this.leaseId = this.etcd.getLeaseClient().grant(LEASE_TTL_SECONDS).get(timeout, TimeUnit.MILLISECONDS).getID();
		this.etcd.getKVClient()
			.put(this.selfKey, bytes(this.self), PutOption.builder().withLeaseId(this.leaseId).build())
			.get(timeout, TimeUnit.MILLISECONDS);
		this.keepAlive = this.etcd.getLeaseClient().keepAlive(this.leaseId, new KeepAliveObserver());
		this.nodes.joined(this.self);
	}

	private void resyncAndWatch() throws Exception {
		if (this.watcher != null) {
			this.watcher.close();
		}
		Listing listing = listNodes();
		this.nodes.replaceWith(listing.addresses());
		this.watchBroken = false;
		this.watcher = this.etcd.getWatchClient()
			.watch(bytes(PREFIX), WatchOption.builder().isPrefix(true).withRevision(listing.revision() + 1).build(),
					Watch.listener(this::onEvents, this::onWatchError, () -> this.watchBroken = true));
	}

	private Listing listNodes() throws Exception {
		GetResponse response = this.etcd.getKVClient()
			.get(bytes(PREFIX), GetOption.builder().isPrefix(true).build())
			.get(this.properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
		List<String> addresses = new ArrayList<>();
		for (KeyValue kv : response.getKvs()) {
			addresses.add(addressOf(kv.getKey()));
		}
		return new Listing(addresses, response.getHeader().getRevision());
	}

	private void onEvents(WatchResponse response) {
		for (WatchEvent event : response.getEvents()) {
			String address = addressOf(event.getKeyValue().getKey());
			switch (event.getEventType()) {
				case PUT -> {
					this.nodes.joined(address);
					log.info("Node {} joined", address);
				}
				case DELETE -> {
					if (address.equals(this.self)) {
						// our own key expired (e.g. a long
						// pause); the check registers again
						continue;
					}
					this.nodes.left(address);
					log.info("Node {} left", address);
				}
				default -> {
				}
			}
		}
	}

	private void onWatchError(Throwable error) {
		log.warn("etcd watch failed ({}); listing again", rootMessage(error));
		this.watchBroken = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdownNow();
		try {
			this.scheduler.awaitTermination(2, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.watcher != null) {
			this.watcher.close();
		}
		closeKeepAlive();
		try {
			this.etcd.getLeaseClient().revoke(this.leaseId).get(2, TimeUnit.SECONDS);
			log.info("Left the cluster: revoked the lease of {}", this.self);
		}
		catch (Exception ex) {
			log.warn("Could not revoke the etcd lease of {} ({}); it expires within {} s", this.self, rootMessage(ex),
					LEASE_TTL_SECONDS);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * When etcd last confirmed this node's registration (epoch millis; 0 before start).
	 */
	long lastContactMillis() {
		return this.lastContactMillis;
	}

	String self() {
		return this.self;
	}

	private void closeKeepAlive() {
		if (this.keepAlive != null) {
			this.keepAlive.close();
			this.keepAlive = null;
		}
	}

	static String addressOf(ByteSequence key) {
		return key.toString(StandardCharsets.UTF_8).substring(PREFIX.length());
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	private static String rootMessage(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root.toString();
	}

	private record Listing(List<String> addresses, long revision) {
	}

	private final class KeepAliveObserver implements StreamObserver<LeaseKeepAliveResponse> {

		@Override
		public void onNext(LeaseKeepAliveResponse response) {
			if (response.getTTL() > 0) {
				EtcdMembership.this.leaseConfirmedNanos = System.nanoTime();
				EtcdMembership.this.lastContactMillis = System.currentTimeMillis();
			}
		}

		@Override
		public void onError(Throwable error) {
			EtcdMembership.this.leaseConfirmedNanos = 0;
			// the next check reads the key, finds it gone and registers again
			log.warn("etcd lease keep-alive failed: {}", rootMessage(error));
		}

		@Override
		public void onCompleted() {
		}

	}

}
