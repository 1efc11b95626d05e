package io.gochat.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.message.MessageCopy;
import io.gochat.mode.ClusterMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes copies as one persistent {@code MQMessages} and waits for the broker's
 * publisher confirm, so an accepted message survives this node dying before the consumer
 * stores it.
 */
@ClusterMode
@Component
class RabbitMessageStore implements MessageStore {

	private static final Logger log = LoggerFactory.getLogger(RabbitMessageStore.class);

	static final String CONTENT_TYPE = "application/x-protobuf";

	private final RabbitTemplate rabbit;

	static final String INCARNATION_HEADER = "x-gochat-incarnation";

	static final String BATCH_HEADER = "x-gochat-batch";

	private final StorageProperties properties;

	private final RedisPersistenceWatermark watermark;

	RabbitMessageStore(RabbitTemplate rabbit, StorageProperties properties, RedisPersistenceWatermark watermark) {
		this.rabbit = rabbit;
		this.properties = properties;
		this.watermark = watermark;
		// unroutable publishes (no bound queue) come back instead of vanishing
		this.rabbit.setMandatory(true);
	}

	@Override
	public CompletableFuture<Void> enqueue(List<MessageCopy> copies) {
		if (copies.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		MessageProperties props = new MessageProperties();
		props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		props.setContentType(CONTENT_TYPE);
		long batch = this.watermark.nextBatch();
		props.setHeader(INCARNATION_HEADER, this.watermark.incarnation());
		props.setHeader(BATCH_HEADER, batch);
		// read by the consumers to report the persistence lag
		props.setTimestamp(new java.util.Date());
		Message message = new Message(MqMessageCodec.encode(copies), props);
		CorrelationData correlation = new CorrelationData();
		try {
			this.rabbit.send(MessageQueueNames.EXCHANGE, MessageQueueNames.ROUTING_KEY, message, correlation);
		}
		catch (AmqpException ex) {
			failed(batch);
			throw new MessageStoreException("publishing to RabbitMQ failed: " + ex.getMessage(), ex);
		}
		CompletableFuture<Void> durable = new CompletableFuture<>();
		correlation.getFuture()
			.orTimeout(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((confirm, error) -> {
				if (error instanceof TimeoutException) {
					durable.completeExceptionally(new MessageStoreException(
							"RabbitMQ did not confirm within " + this.properties.confirmTimeout(), error));
				}
				else if (error != null) {
					durable.completeExceptionally(
							new MessageStoreException("publishing to RabbitMQ failed: " + error, error));
				}
				else if (!confirm.ack()) {
					durable.completeExceptionally(
							new MessageStoreException("RabbitMQ refused the message: " + confirm.reason()));
				}
				else if (correlation.getReturned() != null) {
					// with mandatory publishing, the return arrives before the confirm
					durable.completeExceptionally(new MessageStoreException("RabbitMQ could not route the message to "
							+ MessageQueueNames.QUEUE + ": " + correlation.getReturned().getReplyText()));
				}
				else {
					confirmedThenComplete(batch, durable);
					return;
				}
				failed(batch);
			});
		return durable;
	}

	/**
	 * Records the confirm where syncs look for it before the senders are ACKed (read
	 * after ACK).
	 */
	private void confirmedThenComplete(long batch, CompletableFuture<Void> durable) {
		try {
			this.watermark.confirmed(batch);
		}
		catch (RuntimeException ex) {
			// a sync may then not wait for this batch; the message itself is safe
			log.warn("Could not record the confirm of batch {}: {}", batch, ex.getMessage());
		}
		durable.complete(null);
	}

	/** A batch that will never be stored must not hold up the watermark. */
	private void failed(long batch) {
		try {
			this.watermark.done(this.watermark.incarnation(), List.of(batch));
		}
		catch (RuntimeException ex) {
			log.warn("Could not record the failure of batch {}: {}", batch, ex.getMessage());
		}
	}

}
