package io.gochat.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.message.MessageCopy;
import io.gochat.mode.ClusterMode;
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

	private final StorageProperties properties;

	private final RedisPersistenceWatermark watermark;

	private final QueueBacklog backlog;

	MessagePersistenceListener(MessageTable table, DeadLetters deadLetters, StorageProperties properties,
			RedisPersistenceWatermark watermark, QueueBacklog backlog) {
		this.backlog = backlog;
		this.table = table;
		this.deadLetters = deadLetters;
		this.properties = properties;
		this.watermark = watermark;
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

	// the publisher's AMQP timestamp; 0 when none
	// carries one (e.g. published by a Go node)
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
				done(List.of(delivery));
			}
		}
		List<Message> done = new ArrayList<>(decoded.size());
		new MessageWriter<>(this.table, this.properties, new DeliveryOutcome(done)).write(decoded);
		done(done);
	}

	/**
	 * Moves the persistence watermark over deliveries written or dead-lettered, for those
	 * published by nodes of this kind (others, e.g. Go nodes, carry no batch number).
	 * Best effort: the rows are written either way.
	 */
	private void done(List<Message> deliveries) {
		Map<String, List<Long>> batches = new HashMap<>();
		for (Message delivery : deliveries) {
			Object incarnation = delivery.getMessageProperties().getHeader(RabbitMessageStore.INCARNATION_HEADER);
			Object batch = delivery.getMessageProperties().getHeader(RabbitMessageStore.BATCH_HEADER);
			if (incarnation != null && batch instanceof Number number) {
				batches.computeIfAbsent(incarnation.toString(), (key) -> new ArrayList<>()).add(number.longValue());
			}
		}
		batches.forEach((incarnation, numbers) -> {
			try {
				this.watermark.done(incarnation, numbers);
			}
			catch (RuntimeException ex) {
				log.warn("Could not move the persistence watermark of {}: {}", incarnation, ex.getMessage());
			}
		});
	}

	private record Decoded(Message delivery, List<MessageCopy> copies) {
	}

	/**
	 * A written delivery is acknowledged when the listener returns; a refused one is
	 * dead-lettered. While the database itself is unreachable the whole batch is requeued
	 * rather than counted against its attempts.
	 */
	private final class DeliveryOutcome implements MessageWriter.Outcome<Decoded> {

		private final List<Message> done;

		DeliveryOutcome(List<Message> done) {
			this.done = done;
		}

		@Override
		public List<MessageCopy> copiesOf(Decoded delivery) {
			return delivery.copies();
		}

		@Override
		public void written(Decoded delivery) {
			// acknowledged with the batch when the listener returns
			this.done.add(delivery.delivery());
		}

		@Override
		public void refused(Decoded delivery, DataAccessException last) throws IOException {
			String reason = last.getMostSpecificCause().getMessage();
			MessagePersistenceListener.this.deadLetters.deadLetter(delivery.delivery(), reason);
			log.error("Dead-lettered a delivery of {} copies: {}", delivery.copies().size(), reason);
			this.done.add(delivery.delivery());
		}

		@Override
		public void checkDatabase(DataAccessException ex) throws InterruptedException {
			if (!MessagePersistenceListener.this.table.reachable()) {
				log.error("Database unreachable; keeping deliveries queued: {}",
						ex.getMostSpecificCause().getMessage());
				Thread.sleep(OUTAGE_BACKOFF);
				throw ex;
			}
		}

	}

}
