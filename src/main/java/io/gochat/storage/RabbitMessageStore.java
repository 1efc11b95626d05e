package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.mode.ClusterMode;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import static io.gochat.storage.MessageQueueNames.EXCHANGE;
import static io.gochat.storage.MessageQueueNames.ROUTING_KEY;

/**
 * Publishes copies as one persistent {@code MQMessages} and waits for the broker's
 * publisher confirm, so an accepted message survives this node dying before the consumer
 * stores it.
 */
@ClusterMode
@Component
class RabbitMessageStore implements MessageStore {

	static final String CONTENT_TYPE = "application/x-protobuf";

	private final RabbitTemplate rabbit;

	private final StorageProperties properties;

	RabbitMessageStore(RabbitTemplate rabbit, StorageProperties properties) {
		this.rabbit = rabbit;
		this.properties = properties;
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
		Message message = new Message(MqMessageCodec.encode(copies), props);
		CorrelationData correlation = new CorrelationData();
		try {
			this.rabbit.send(EXCHANGE, ROUTING_KEY, message, correlation);
		}
		catch (AmqpException ex) {
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
					durable.complete(null);
				}
			});
		return durable;
	}

}
