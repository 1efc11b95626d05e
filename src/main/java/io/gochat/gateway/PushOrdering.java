package io.gochat.gateway;

import java.util.concurrent.atomic.LongAdder;

import io.gochat.metrics.ChatMetrics;

import org.springframework.stereotype.Component;

/**
 * The node's push order settings, and its counts of pushes held for a lower seq and of
 * seqs given up on ({@code gochat.pushes.held}, {@code gochat.pushes.gaps.given-up}).
 */
@Component
class PushOrdering {

	private final PushOrderProperties settings;

	private final LongAdder held = new LongAdder();

	private final LongAdder givenUp = new LongAdder();

	PushOrdering(PushOrderProperties settings, ChatMetrics metrics) {
		this.settings = settings;
		if (metrics == null) {
			return;
		}
		metrics.functionCounter("gochat.pushes.held",
				"Pushes held back until a lower seq (on its way from another node) arrived or was given up on",
				this.held, LongAdder::sum);
		metrics.functionCounter("gochat.pushes.gaps.given-up",
				"Seqs a connection waited for in vain (app.push-order.hold) before delivering the pushes after them",
				this.givenUp, LongAdder::sum);
	}

	/** Default settings, counted nowhere: for tests of other things. */
	static PushOrdering defaults() {
		return new PushOrdering(PushOrderProperties.defaults(), null);
	}

	long holdNanos() {
		return this.settings.hold().toNanos();
	}

	int maxHeld() {
		return this.settings.maxHeld();
	}

	void counted(long held, long givenUp) {
		if (held > 0) {
			this.held.add(held);
		}
		if (givenUp > 0) {
			this.givenUp.add(givenUp);
		}
	}

}
