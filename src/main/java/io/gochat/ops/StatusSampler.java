package io.gochat.ops;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.gochat.routing.NodeLoads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Reads this node's {@code gochat.*} metrics every {@link #INTERVAL_SECONDS} s and keeps
 * the last {@link #HISTORY} samples for the status page: rates from counter differences,
 * latency percentiles from the histogram buckets filled since the previous sample (so
 * they describe the last interval, not the whole run).
 */
@Component
class StatusSampler implements SmartLifecycle {

	static final int INTERVAL_SECONDS = 2;

	/** Five minutes of samples. */
	static final int HISTORY = 150;

	private static final Logger log = LoggerFactory.getLogger(StatusSampler.class);

	private final MeterRegistry registry;

	private final NodeLoads loads;

	private final Deque<Map<String, Object>> samples = new ArrayDeque<>();

	private volatile ScheduledExecutorService scheduler;

	private Previous previous;

	private volatile Map<String, Long> peers = Map.of();

	StatusSampler(MeterRegistry registry, NodeLoads loads) {
		this.registry = registry;
		this.loads = loads;
	}

	/** The samples, oldest first. */
	synchronized List<Map<String, Object>> history() {
		return new ArrayList<>(this.samples);
	}

	Map<String, Long> peers() {
		return this.peers;
	}

	synchronized void sample() {
		long now = System.nanoTime();
		double messages = count("gochat.messages.in");
		double pushes = count("gochat.pushes", "route", "local") + count("gochat.pushes", "route", "from-peer");
		List<Timer> pushTimers = List.copyOf(this.registry.find("gochat.push.latency").timers());
		long[] pushBuckets = buckets(pushTimers);
		double[] bounds = bounds(pushTimers);
		Map<String, Object> sample = new LinkedHashMap<>();
		sample.put("time", System.currentTimeMillis());
		sample.put("online", gauge("gochat.connections.online"));
		if (this.previous != null) {
			double seconds = (now - this.previous.nanos()) / 1e9;
			sample.put("messagesPerSecond", round((messages - this.previous.messages()) / seconds));
			sample.put("pushesPerSecond", round((pushes - this.previous.pushes()) / seconds));
			long[] delta = new long[pushBuckets.length];
			for (int i = 0; i < delta.length && i < this.previous.pushBuckets().length; i++) {
				delta[i] = Math.max(0, pushBuckets[i] - this.previous.pushBuckets()[i]);
			}
			sample.put("pushP50Ms", percentileMillis(bounds, delta, 0.50));
			sample.put("pushP99Ms", percentileMillis(bounds, delta, 0.99));
		}
		else {
			sample.put("messagesPerSecond", 0.0);
			sample.put("pushesPerSecond", 0.0);
			sample.put("pushP50Ms", null);
			sample.put("pushP99Ms", null);
		}
		sample.put("backlog", gauge("gochat.persistence.backlog"));
		sample.put("lagSeconds", round(gauge("gochat.persistence.lag")));
		sample.put("sequencerQueue", gauge("gochat.sequencer.queue"));
		sample.put("nodes", gauge("gochat.cluster.nodes"));
		this.previous = new Previous(now, messages, pushes, pushBuckets);
		this.samples.addLast(sample);
		while (this.samples.size() > HISTORY) {
			this.samples.removeFirst();
		}
		try {
			this.peers = this.loads.snapshot();
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the nodes' loads: {}", ex.toString());
		}
	}

	private double count(String name, String... tags) {
		double sum = 0;
		for (Counter counter : this.registry.find(name).tags(tags).counters()) {
			sum += counter.count();
		}
		return sum;
	}

	private double gauge(String name) {
		Gauge gauge = this.registry.find(name).gauge();
		return (gauge != null) ? gauge.value() : 0;
	}

	// cumulative counts (observations at or below each bound), summed over the timers;
	// timers of one name share their bucket bounds
	private static long[] buckets(List<Timer> timers) {
		long[] sum = null;
		for (Timer timer : timers) {
			CountAtBucket[] counts = timer.takeSnapshot().histogramCounts();
			if (sum == null) {
				sum = new long[counts.length];
			}
			for (int i = 0; i < counts.length && i < sum.length; i++) {
				sum[i] += (long) counts[i].count();
			}
		}
		return (sum != null) ? sum : new long[0];
	}

	private static double[] bounds(List<Timer> timers) {
		if (timers.isEmpty()) {
			return new double[0];
		}
		CountAtBucket[] counts = timers.get(0).takeSnapshot().histogramCounts();
		double[] bounds = new double[counts.length];
		for (int i = 0; i < counts.length; i++) {
			bounds[i] = counts[i].bucket(TimeUnit.MILLISECONDS);
		}
		return bounds;
	}

	/**
	 * The bucket bound at or below which {@code quantile} of the interval's observations
	 * fall, as Prometheus' {@code histogram_quantile} would answer (without its
	 * interpolation); null without observations.
	 */
	static Double percentileMillis(double[] bounds, long[] cumulative, double quantile) {
		if (cumulative.length == 0 || cumulative[cumulative.length - 1] == 0) {
			return null;
		}
		long total = cumulative[cumulative.length - 1];
		double rank = quantile * total;
		for (int i = 0; i < cumulative.length && i < bounds.length; i++) {
			if (cumulative[i] >= rank) {
				return round(bounds[i]);
			}
		}
		return round(bounds[bounds.length - 1]);
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(
				(task) -> Thread.ofPlatform().name("gochat-status").daemon().unstarted(task));
		this.scheduler.scheduleAtFixedRate(() -> {
			try {
				sample();
			}
			catch (RuntimeException ex) {
				log.warn("Status sample failed", ex);
			}
		}, 0, INTERVAL_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void stop() {
		this.scheduler.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null && !this.scheduler.isShutdown();
	}

	private record Previous(long nanos, double messages, double pushes, long[] pushBuckets) {
	}

}
