package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.batching.BatchingWorker;
import io.gochat.node.ServerPhases;
import io.gochat.mode.StandaloneMode;

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
class InProcessMessageStore implements MessageStore, BatchingWorker.Lifecycle {

	// bounds memory if the database falls behind: senders then get an error, not an ACK
	private static final int CAPACITY = 100_000;

	private final StorageProperties properties;

	private final BatchingWorker<Unit> worker;

	InProcessMessageStore(MessageTable table, StorageProperties properties) {
		this.properties = properties;
		MessageWriter<Unit> writer = new MessageWriter<>(table, properties, new UnitOutcome());
		this.worker = new BatchingWorker<>("gochat-persistence", CAPACITY, properties.batchSize(), (unit) -> 1,
				Integer.MAX_VALUE, writer::write,
				(batch, error) -> batch.forEach((unit) -> unit.committed().completeExceptionally(error)),
				Duration.ofSeconds(30));
	}

	@Override
	public CompletableFuture<Void> enqueue(List<MessageCopy> copies) {
		if (!this.worker.isAccepting()) {
			throw new MessageStoreException("the node is shutting down");
		}
		Unit unit = new Unit(copies, new CompletableFuture<>());
		if (!this.worker.offer(unit)) {
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

	@Override
	public BatchingWorker<?> worker() {
		return this.worker;
	}

	@Override
	public int getPhase() {
		// starts before and stops after the gateway, so everything it accepted is drained
		return ServerPhases.SERVERS - 100;
	}

	private record Unit(List<MessageCopy> copies, CompletableFuture<Void> committed) {
	}

	private static final class UnitOutcome implements MessageWriter.Outcome<Unit> {

		@Override
		public List<MessageCopy> copiesOf(Unit unit) {
			return unit.copies();
		}

		@Override
		public void written(Unit unit) {
			unit.committed().complete(null);
		}

		@Override
		public void refused(Unit unit, DataAccessException last) {
			unit.committed().completeExceptionally(last);
		}

	}

}
