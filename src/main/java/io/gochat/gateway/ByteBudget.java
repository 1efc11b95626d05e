package io.gochat.gateway;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A node-wide budget of bytes: what all connections together may have waiting in their
 * {@link OutboundQueue}s ({@code app.limits.outbound-bytes-per-node}), or in their
 * workers' queues ({@code app.limits.queued-command-bytes-per-node}).
 */
final class ByteBudget {

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	ByteBudget(long limit) {
		if (limit <= 0) {
			throw new IllegalArgumentException("limit: " + limit + " (expected: > 0)");
		}
		this.limit = limit;
	}

	/**
	 * Takes {@code bytes} from the budget.
	 * @param force take them even over the limit (for a connection that has nothing
	 * waiting, so is keeping up)
	 * @return false, taking nothing, if they do not fit
	 */
	boolean reserve(long bytes, boolean force) {
		long after = this.used.addAndGet(bytes);
		if (after > this.limit && !force) {
			this.used.addAndGet(-bytes);
			return false;
		}
		return true;
	}

	void release(long bytes) {
		this.used.addAndGet(-bytes);
	}

	long used() {
		return this.used.get();
	}

}
