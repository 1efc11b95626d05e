package io.gochat.cluster;

import java.util.ArrayDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.Empty;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pushes for one peer node, sent in the order they were handed over, at most
 * {@code window} calls in flight; the rest wait in a bounded queue. A call that fails is
 * sent again (with a short back-off, before anything queued after it) as long as the peer
 * is live: a slow peer delays pushes but never loses them. A peer that leaves the
 * membership is given up on (its users' copies wait for sync); so is a queue that
 * overflows.
 * <p>
 * The receiving node handles calls on its transport thread in arrival order, so pushes
 * reach its connections in the order they were sent here; only a retried call can land
 * after calls sent after it.
 */
final class PeerSender {

	private static final Logger log = LoggerFactory.getLogger(PeerSender.class);

	private static final long RETRY_DELAY_MILLIS = 200;

	// 30 s of retries: a node that is really gone leaves the membership within 5 s
	private static final int MAX_ATTEMPTS = 150;

	private static final java.util.Set<Status.Code> RETRYABLE = java.util.EnumSet.of(Status.Code.UNAVAILABLE,
			Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED,
			Status.Code.UNKNOWN, Status.Code.INTERNAL);

	private final String address;

	private final int window;

	private final int capacity;

	private final ScheduledExecutorService retries;

	// guarded by this
	private final ArrayDeque<Call> queue = new ArrayDeque<>();

	// guarded by this
	private int inFlight;

	// guarded by this
	private boolean closed;

	// guarded by this
	private boolean retryScheduled;

	private long dropped;

	PeerSender(String address, int window, int capacity, ScheduledExecutorService retries) {
		this.address = address;
		this.window = window;
		this.capacity = capacity;
		this.retries = retries;
	}

	/**
	 * Queues one call; {@code start} starts it on the peer's channel.
	 */
	void send(Function<String, ListenableFuture<Empty>> start) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			if (this.queue.size() >= this.capacity) {
				this.dropped++;
				if (this.dropped == 1 || this.dropped % 1000 == 0) {
					log.error("{} pushes to node {} dropped: {} wait already (they reach their users by sync)",
							this.dropped, this.address, this.capacity);
				}
				return;
			}
			this.queue.addLast(new Call(start));
		}
		pump();
	}

	/** The peer left: what waits is dropped (stored copies reach its users by sync). */
	void close() {
		int left;
		synchronized (this) {
			this.closed = true;
			left = this.queue.size();
			this.queue.clear();
		}
		if (left > 0) {
			log.warn("Node {} left with {} pushes waiting for it; its users get them by sync", this.address, left);
		}
	}

	synchronized int waiting() {
		return this.queue.size() + this.inFlight;
	}

	private void pump() {
		while (true) {
			Call call;
			synchronized (this) {
				if (this.closed || this.retryScheduled || this.inFlight >= this.window || this.queue.isEmpty()) {
					return;
				}
				call = this.queue.pollFirst();
				this.inFlight++;
			}
			start(call);
		}
	}

	private void start(Call call) {
		ListenableFuture<Empty> future;
		try {
			future = call.start().apply(this.address);
		}
		catch (RuntimeException ex) {
			failed(call, Status.fromThrowable(ex));
			return;
		}
		Futures.addCallback(future, new FutureCallback<>() {
			@Override
			public void onSuccess(Empty result) {
				synchronized (PeerSender.this) {
					PeerSender.this.inFlight--;
				}
				pump();
			}

			@Override
			public void onFailure(Throwable error) {
				failed(call, Status.fromThrowable(error));
			}
		}, MoreExecutors.directExecutor());
	}

	private void failed(Call call, Status status) {
		synchronized (this) {
			this.inFlight--;
			if (this.closed) {
				return;
			}
			call.attempts++;
			if (!RETRYABLE.contains(status.getCode()) || call.attempts > MAX_ATTEMPTS) {
				this.dropped++;
				log.error("Delivery to node {} failed ({}) after {} attempts; dropped (its users get it by sync)",
						this.address, status, call.attempts);
				pumpLater();
				return;
			}
			if (call.attempts == 1 || call.attempts % 50 == 0) {
				log.warn("Delivery to node {} failed ({}), attempt {}; retrying", this.address, status, call.attempts);
			}
			// first in line again, and nothing else starts until it is retried
			this.queue.addFirst(call);
			if (this.retryScheduled) {
				return;
			}
			this.retryScheduled = true;
		}
		this.retries.schedule(() -> {
			synchronized (this) {
				this.retryScheduled = false;
			}
			pump();
		}, RETRY_DELAY_MILLIS, TimeUnit.MILLISECONDS);
	}

	private void pumpLater() {
		this.retries.execute(this::pump);
	}

	private static final class Call {

		final Function<String, ListenableFuture<Empty>> start;

		int attempts;

		Call(Function<String, ListenableFuture<Empty>> start) {
			this.start = start;
		}

		Function<String, ListenableFuture<Empty>> start() {
			return this.start;
		}

	}

}
