package io.gochat.history;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.metrics.ChatMetrics;
import io.gochat.system.ServerPhases;
import io.gochat.system.StandaloneMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Standalone persistence: the RabbitMQ queue's role, in process. One writer thread takes
 * up to {@code app.persistence.batch-size} pending units at once and inserts their copies
 * in one transaction; a unit counts as durable only after that commit, so the sender's
 * ACK waits for it and a crash loses nothing that was ACKed. A unit the database keeps
 * refusing fails its sender with an error instead of an ACK. On shutdown the queue is
 * drained before the database closes.
 */
@StandaloneMode
@Component
class InProcessMessageStore implements MessageStore, SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(InProcessMessageStore.class);

	// bounds memory if the database falls behind: senders then get an error, not an ACK
	private static final int CAPACITY = 100_000;

	private final MessageTable table;

	private final HistoryProperties properties;

	private final BlockingQueue<Unit> pending = new LinkedBlockingQueue<>(CAPACITY);

	private volatile boolean accepting;

	private volatile Thread writer;

	// enqueue time of the oldest unit being written; 0 when none is
	private volatile long writingOldestNanos;

	InProcessMessageStore(MessageTable table, HistoryProperties properties, ChatMetrics metrics) {
		this.table = table;
		this.properties = properties;
		metrics.gauge("gochat.persistence.backlog", "Messages (units of copies) waiting to be written", this.pending,
				BlockingQueue::size);
		metrics.gauge("gochat.persistence.lag", "Seconds the oldest copy not yet stored has waited", this,
				(store) -> store.lagNanos(System.nanoTime()) / 1e9);
	}

	long lagNanos(long nowNanos) {
		long oldest = this.writingOldestNanos;
		if (oldest == 0) {
			Unit head = this.pending.peek();
			oldest = (head != null) ? head.enqueuedNanos() : nowNanos;
		}
		return Math.max(0, nowNanos - oldest);
	}

	@Override
	public CompletableFuture<Void> enqueue(List<StoredMessage> copies) {
		if (!this.accepting) {
			throw new MessageStoreException("the node is shutting down");
		}
		Unit unit = new Unit(copies, System.nanoTime(), new CompletableFuture<>());
		if (!this.pending.offer(unit)) {
			throw new MessageStoreException("the persistence queue is full (" + CAPACITY + " messages waiting)");
		}
		CompletableFuture<Void> durable = new CompletableFuture<>();
		unit.committed()
			.orTimeout(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((ignored, error) -> {
				if (error == null) {
					durable.complete(null);
				}
				else if (error instanceof TimeoutException) {
					durable.completeExceptionally(
							new MessageStoreException("not written within " + this.properties.confirmTimeout(), error));
				}
				else {
					durable.completeExceptionally(new MessageStoreException(
							"the database refused the message: " + error.getMessage(), error));
				}
			});
		return durable;
	}

	private void writeLoop() {
		List<Unit> batch = new ArrayList<>(this.properties.batchSize());
		while (this.accepting || !this.pending.isEmpty()) {
			try {
				Unit first = this.pending.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				this.writingOldestNanos = first.enqueuedNanos();
				batch.add(first);
				this.pending.drainTo(batch, this.properties.batchSize() - 1);
				for (List<Unit> chunk : RowChunks.split(batch, Unit::rows, this.properties.rowsPerTransaction())) {
					write(chunk);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (RuntimeException ex) {
				log.error("Persistence writer failed", ex);
				batch.forEach((unit) -> unit.committed().completeExceptionally(ex));
			}
			finally {
				batch.clear();
				this.writingOldestNanos = 0;
			}
		}
	}

	private void write(List<Unit> batch) {
		List<StoredMessage> all = new ArrayList<>();
		batch.forEach((unit) -> all.addAll(unit.copies()));
		try {
			this.table.insertAll(all);
			batch.forEach((unit) -> unit.committed().complete(null));
			return;
		}
		catch (DataAccessException ex) {
			log.warn("A batch of {} messages failed ({}); writing them one by one", batch.size(),
					ex.getMostSpecificCause().getMessage());
		}
		for (Unit unit : batch) {
			writeAlone(unit);
		}
	}

	private void writeAlone(Unit unit) {
		DataAccessException last = null;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			try {
				this.table.insertAll(unit.copies());
				unit.committed().complete(null);
				return;
			}
			catch (DataAccessException ex) {
				last = ex;
			}
		}
		log.error("Refused a message of {} copies after {} attempts: {}", unit.copies().size(),
				this.properties.maxAttempts(), last.getMostSpecificCause().getMessage());
		unit.committed().completeExceptionally(last);
	}

	@Override
	public void start() {
		this.accepting = true;
		this.writer = Thread.ofPlatform().name("gochat-persistence").start(this::writeLoop);
	}

	@Override
	public void stop() {
		this.accepting = false;
		try {
			this.writer.join(30_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (!this.pending.isEmpty()) {
			log.error("{} messages were not written before shutdown", this.pending.size());
		}
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	@Override
	public int getPhase() {
		// starts before and stops after the gateway, so everything it accepted is drained
		return ServerPhases.SERVERS - 100;
	}

	private record Unit(List<StoredMessage> copies, long enqueuedNanos, CompletableFuture<Void> committed) {

		int rows() {
			return this.copies.size();
		}

	}

}
