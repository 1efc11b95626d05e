package io.gochat.node;

import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts what the node refused because a limit was reached: the Micrometer counter
 * {@code gochat.limits.refused}, tagged {@code limit} with the setting's name (e.g.
 * {@code messages-per-second}), served at {@code /actuator/prometheus} as
 * {@code gochat_limits_refused_total}.
 */
@Component
public class Refusals {

	/** The counter's name. */
	public static final String METER = "gochat.limits.refused";

	private final MeterRegistry meters;

	private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

	public Refusals(MeterRegistry meters) {
		this.meters = meters;
	}

	/** Refusals kept in memory only, for tests of handlers without a node. */
	public static Refusals inMemory() {
		return new Refusals(new SimpleMeterRegistry());
	}

	/**
	 * Counts one refusal.
	 * @param limit the limit's setting name, as in {@code application.yaml} under
	 * {@code app.limits}
	 */
	public void count(String limit) {
		this.counters
			.computeIfAbsent(limit,
					(name) -> Counter.builder(METER)
						.description("Requests, frames or connections refused because a limit was reached")
						.tag("limit", name)
						.register(this.meters))
			.increment();
	}

	/** Refusals counted so far for the limit. */
	public long counted(String limit) {
		Counter counter = this.counters.get(limit);
		return (counter != null) ? (long) counter.count() : 0;
	}

}
