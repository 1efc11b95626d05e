package io.gochat.history;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.system.ClusterMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Writes queued copies to the {@code message} table. A batch of deliveries is written in
 * one transaction and acknowledged only after it committed; a redelivered batch changes
 * nothing (see {@link MessageTable}). A delivery the database keeps refusing is tried
 * {@code app.persistence.max-attempts} times on its own, then dead-lettered, never
 * dropped; while the database is unreachable nothing is acknowledged, so the broker keeps
 * every delivery.
 */
@ClusterMode
@Component
class MessagePersistenceListener {

	private static final Logger log = LoggerFactory.getLogger(MessagePersistenceListener.class);

	private static final Duration OUTAGE_BACKOFF = Duration.ofSeconds(1);

	private final MessageTable table;

	private final DeadLetters deadLetters;

	private final HistoryProperties properties;

	private final QueueBacklog backlog;

	MessagePersistenceListener(MessageTable table, DeadLetters deadLetters, HistoryProperties properties,
			QueueBacklog backlog) {
		this.table = table;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.backlog = backlog;
	}

	@RabbitListener(id = "message-persistence", queues = MessageQueueNames.QUEUE,
			containerFactory = MessagingConfiguration.CONTAINER_FACTORY)
	void onDeliveries(List<Message> deliveries) throws IOException, InterruptedException {
		this.backlog.writing(oldestTimestamp(deliveries));
		try {
			store(deliveries);
		}
		finally {
			this.backlog.written(System.currentTimeMillis());
		}
	}

	// the publisher's AMQP timestamp; 0 when none carries one (e.g. published by a Go
	// node)
	private static long oldestTimestamp(List<Message> deliveries) {
		long oldest = Long.MAX_VALUE;
		for (Message delivery : deliveries) {
			java.util.Date timestamp = delivery.getMessageProperties().getTimestamp();
			if (timestamp != null) {
				oldest = Math.min(oldest, timestamp.getTime());
			}
		}
		return (oldest == Long.MAX_VALUE) ? 0 : oldest;
	}

	private void store(List<Message> deliveries) throws IOException, InterruptedException {
		List<Decoded> decoded = new ArrayList<>(deliveries.size());
		for (Message delivery : deliveries) {
			try {
				decoded.add(new Decoded(delivery, MqMessageCodec.decode(delivery.getBody())));
			}
			catch (InvalidProtocolBufferException | IllegalArgumentException ex) {
				// retrying cannot help a body that is not an MQMessages
				this.deadLetters.deadLetter(delivery, "not a valid MQMessages body: " + ex.getMessage());
				log.warn("Dead-lettered an unreadable delivery: {}", ex.getMessage());
			}
		}
		for (List<Decoded> chunk : RowChunks.split(decoded, Decoded::rows, this.properties.rowsPerTransaction())) {
			write(chunk);
		}
	}

	private void write(List<Decoded> chunk) throws IOException, InterruptedException {
		List<StoredMessage> all = new ArrayList<>();
		chunk.forEach((one) -> all.addAll(one.copies()));
		try {
			this.table.insertAll(all);
			return;
		}
		catch (DataAccessException ex) {
			failIfDatabaseDown(ex);
			log.warn("A batch of {} deliveries failed ({}); writing them one by one", chunk.size(),
					ex.getMostSpecificCause().getMessage());
		}
		for (Decoded one : chunk) {
			writeAlone(one);
		}
	}

	private void writeAlone(Decoded one) throws IOException, InterruptedException {
		DataAccessException last = null;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			try {
				this.table.insertAll(one.copies());
				return;
			}
			catch (DataAccessException ex) {
				failIfDatabaseDown(ex);
				last = ex;
			}
		}
		String reason = last.getMostSpecificCause().getMessage();
		this.deadLetters.deadLetter(one.delivery(), reason);
		log.error("Dead-lettered a delivery of {} copies after {} attempts: {}", one.copies().size(),
				this.properties.maxAttempts(), reason);
	}

	/**
	 * Rethrows when the database itself is unreachable: the whole batch is then requeued
	 * rather than counted against its attempts.
	 */
	private void failIfDatabaseDown(DataAccessException ex) throws InterruptedException {
		if (!this.table.reachable()) {
			log.error("Database unreachable; keeping deliveries queued: {}", ex.getMostSpecificCause().getMessage());
			Thread.sleep(OUTAGE_BACKOFF);
			throw ex;
		}
	}

	private record Decoded(Message delivery, List<StoredMessage> copies) {

		int rows() {
			return this.copies.size();
		}

	}

}
