package io.gochat.loadtest;

import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Sends every connection a heartbeat once per interval (two minutes, as upstream's client),
 * from a single scheduler thread. The connections are spread over the interval (a slice of them
 * each second) so a large idle run does not hit the server with all its heartbeats at once.
 */
final class HeartbeatScheduler implements AutoCloseable {

	private final List<ChatConnection> connections;

	private final int slices;

	private final ScheduledExecutorService scheduler;

	private final LongAdder sent = new LongAdder();

	private long tick;

	HeartbeatScheduler(List<ChatConnection> connections, int intervalSeconds) {
		this.connections = connections;
		this.slices = Math.max(1, intervalSeconds);
		this.scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
			Thread thread = new Thread(r, "heartbeats");
			thread.setDaemon(true);
			return thread;
		});
	}

	/**
	 * Starts ticking; the first heartbeat of connection i goes out about
	 * {@code interval - (i mod interval)} seconds from now.
	 */
	void start() {
		this.scheduler.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
	}

	long sent() {
		return this.sent.sum();
	}

	private void tick() {
		this.tick++;
		int slice = (int) (this.tick % this.slices);
		for (int i = slice; i < this.connections.size(); i += this.slices) {
			ChatConnection connection = this.connections.get(i);
			if (connection.isOpen()) {
				connection.sendHeartbeat();
				this.sent.increment();
			}
		}
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
