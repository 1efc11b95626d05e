package io.gochat.loadtest;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Every five seconds, like upstream's client, prints how many are online and what arrived. */
final class ProgressPrinter implements AutoCloseable {

	private static final long PERIOD_SECONDS = 5;

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((r) -> {
		Thread thread = new Thread(r, "progress");
		thread.setDaemon(true);
		return thread;
	});

	private final DeliveryStats stats;

	private final int online;

	ProgressPrinter(DeliveryStats stats, int online) {
		this.stats = stats;
		this.online = online;
		this.scheduler.scheduleAtFixedRate(this::print, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
	}

	void print() {
		System.out.printf("online %d, received %d/%d deliveries%n", this.online - this.stats.disconnects(),
				this.stats.received(), this.stats.expected());
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
