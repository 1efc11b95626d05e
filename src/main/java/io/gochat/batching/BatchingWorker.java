package io.gochat.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * One thread that takes whatever items are waiting and hands them to a handler as one
 * batch: the more arrive while a batch is handled, the bigger the next one, so a busy
 * node pays per batch what an idle one pays per item, and items are handled in the order
 * they were offered.
 * <p>
 * A batch holds at most {@code maxItems} items and at most {@code maxWeight} in total
 * weight, except that its first item is always taken. The queue is bounded: an offer
 * beyond {@code capacity} is refused, never blocks. On {@link #stop} the worker stops
 * taking offers and hands over what is still queued before its thread ends.
 *
 * @param <T> the queued item
 */
public final class BatchingWorker<T> {

	private static final Logger log = LoggerFactory.getLogger(BatchingWorker.class);

	// queued by stop() behind the last item: the thread blocks on the queue (an idle node
	// does not wake for it) and learns this way that nothing more comes
	private static final Object STOP = new Object();

	private final String name;

	private final BlockingQueue<Object> pending;

	private final int maxItems;

	private final ToIntFunction<T> weight;

	private final int maxWeight;

	private final Handler<T> handler;

	private final BiConsumer<List<T>, Exception> onFailure;

	private final Duration drainTimeout;

	private volatile boolean accepting;

	private volatile Thread thread;

	/**
	 * @param name the thread's name
	 * @param capacity items that may wait at most
	 * @param maxItems items per batch at most
	 * @param weight the weight of an item (for example its rows)
	 * @param maxWeight the total weight of a batch at most, unless its first item alone
	 * weighs more
	 * @param handler handles each batch on the worker's thread
	 * @param onFailure called with the batch when the handler threw: each item must still
	 * get its answer
	 * @param drainTimeout how long {@link #stop} waits for the queue to be handed over
	 */
	public BatchingWorker(String name, int capacity, int maxItems, ToIntFunction<T> weight, int maxWeight,
			Handler<T> handler, BiConsumer<List<T>, Exception> onFailure, Duration drainTimeout) {
		if (capacity <= 0 || maxItems <= 0 || maxWeight <= 0) {
			throw new IllegalArgumentException("capacity: " + capacity + ", maxItems: " + maxItems + ", maxWeight: "
					+ maxWeight + " (expected: all > 0)");
		}
		this.name = name;
		this.pending = new LinkedBlockingQueue<>(capacity);
		this.maxItems = maxItems;
		this.weight = weight;
		this.maxWeight = maxWeight;
		this.handler = handler;
		this.onFailure = onFailure;
		this.drainTimeout = drainTimeout;
	}

	/**
	 * Queues an item for the next batch.
	 * @return false if the worker is not running or the queue is full
	 */
	public boolean offer(T item) {
		return this.accepting && this.pending.offer(item);
	}

	/** Items waiting to be handled (not counting the batch being handled). */
	public int waiting() {
		return this.pending.size();
	}

	/** The item that has waited longest, or null when none waits. */
	public T oldestWaiting() {
		Object oldest = this.pending.peek();
		return (oldest != STOP) ? item(oldest) : null;
	}

	public boolean isAccepting() {
		return this.accepting;
	}

	public void start() {
		this.accepting = true;
		this.thread = Thread.ofPlatform().name(this.name).start(this::run);
	}

	/**
	 * Refuses further offers and waits, at most the drain timeout, until what is queued
	 * was handed over.
	 */
	public void stop() {
		boolean wasAccepting = this.accepting;
		this.accepting = false;
		if (this.thread == null) {
			return;
		}
		try {
			// a full queue has room again once the thread takes the next batch
			if (wasAccepting && !this.pending.offer(STOP, this.drainTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
				log.error("{}: the queue stayed full for {}; stopping the thread", this.name, this.drainTimeout);
				this.thread.interrupt();
			}
			this.thread.join(this.drainTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.pending.remove(STOP);
		if (!this.pending.isEmpty()) {
			log.error("{}: {} items were not handled before shutdown", this.name, this.pending.size());
		}
	}

	private void run() {
		List<T> batch = new ArrayList<>();
		boolean stopping = false;
		while (true) {
			try {
				// after STOP, only what a racing offer queued behind it is left: no
				// waiting
				Object head = stopping ? this.pending.poll() : this.pending.take();
				if (head == null) {
					return;
				}
				if (head == STOP) {
					stopping = true;
					continue;
				}
				T first = item(head);
				batch.add(first);
				int total = this.weight.applyAsInt(first);
				Object next;
				while (batch.size() < this.maxItems && total < this.maxWeight && (next = this.pending.peek()) != null
						&& next != STOP && total + this.weight.applyAsInt(item(next)) <= this.maxWeight) {
					this.pending.poll();
					batch.add(item(next));
					total += this.weight.applyAsInt(item(next));
				}
				this.handler.handle(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				log.error("{}: a batch of {} failed", this.name, batch.size(), ex);
				this.onFailure.accept(batch, ex);
			}
			finally {
				batch.clear();
			}
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T item(Object queued) {
		return (T) queued;
	}

	/**
	 * The lifecycle of a bean whose work runs on a batching worker: the worker starts and
	 * stops with it. The bean gives the phase.
	 */
	public interface Lifecycle extends SmartLifecycle {

		BatchingWorker<?> worker();

		@Override
		default void start() {
			worker().start();
		}

		@Override
		default void stop() {
			worker().stop();
		}

		@Override
		default boolean isRunning() {
			return worker().isAccepting();
		}

	}

	/**
	 * What the worker does with each batch, on its thread.
	 *
	 * @param <T> the queued item
	 */
	@FunctionalInterface
	public interface Handler<T> {

		/**
		 * Handles a batch; the list is reused after this returns.
		 */
		void handle(List<T> batch) throws Exception;

	}

}
