package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
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

	private final MessageWriter<Decoded> writer;

	MessagePersistenceListener(MessageTable table, DeadLetters deadLetters, StorageProperties properties) {
		this.table = table;
		this.deadLetters = deadLetters;
		this.writer = new MessageWriter<>(table, properties, new DeliveryOutcome());
	}

	@RabbitListener(id = "message-persistence", queues = MessageQueueNames.QUEUE,
			containerFactory = MessagingConfiguration.CONTAINER_FACTORY)
	void onDeliveries(List<Message> deliveries) throws IOException, InterruptedException {
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
		this.writer.write(decoded);
	}

	private record Decoded(Message delivery, List<MessageCopy> copies) {
	}

	/**
	 * A written delivery is acknowledged when the listener returns; a refused one is
	 * dead-lettered. While the database itself is unreachable the whole batch is requeued
	 * rather than counted against its attempts.
	 */
	private final class DeliveryOutcome implements MessageWriter.Outcome<Decoded> {

		@Override
		public List<MessageCopy> copiesOf(Decoded delivery) {
			return delivery.copies();
		}

		@Override
		public void written(Decoded delivery) {
			// acknowledged with the batch when the listener returns
		}

		@Override
		public void refused(Decoded delivery, DataAccessException last) throws IOException {
			String reason = last.getMostSpecificCause().getMessage();
			MessagePersistenceListener.this.deadLetters.deadLetter(delivery.delivery(), reason);
			log.error("Dead-lettered a delivery of {} copies: {}", delivery.copies().size(), reason);
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
