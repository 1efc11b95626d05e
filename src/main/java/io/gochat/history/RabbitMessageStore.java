package io.gochat.history;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.system.ClusterMode;

import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

import static io.gochat.history.MessageQueueNames.EXCHANGE;
import static io.gochat.history.MessageQueueNames.ROUTING_KEY;

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

	private final HistoryProperties properties;

	private final Clock clock;

	RabbitMessageStore(RabbitTemplate rabbit, HistoryProperties properties, Clock clock) {
		this.rabbit = rabbit;
		this.properties = properties;
		this.clock = clock;
		// unroutable publishes (no bound queue) come back instead of vanishing
		this.rabbit.setMandatory(true);
	}

	@Override
	public Receipt enqueue(List<StoredMessage> copies) {
		if (copies.isEmpty()) {
			return () -> {
			};
		}
		MessageProperties props = new MessageProperties();
		props.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
		props.setContentType(CONTENT_TYPE);
		Message message = new Message(MqMessageCodec.encode(copies, this.clock.instant()), props);
		CorrelationData correlation = new CorrelationData();
		try {
			this.rabbit.send(EXCHANGE, ROUTING_KEY, message, correlation);
		}
		catch (AmqpException ex) {
			throw new MessageStoreException("publishing to RabbitMQ failed: " + ex.getMessage(), ex);
		}
		return () -> awaitConfirm(correlation);
	}

	private void awaitConfirm(CorrelationData correlation) {
		try {
			CorrelationData.Confirm confirm = correlation.getFuture()
				.get(this.properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
			if (!confirm.ack()) {
				throw new MessageStoreException("RabbitMQ refused the message: " + confirm.reason());
			}
			if (correlation.getReturned() != null) {
				throw new MessageStoreException("RabbitMQ could not route the message to " + MessageQueueNames.QUEUE
						+ ": " + correlation.getReturned().getReplyText());
			}
		}
		catch (ExecutionException ex) {
			throw new MessageStoreException("publishing to RabbitMQ failed: " + ex.getCause(), ex);
		}
		catch (TimeoutException ex) {
			throw new MessageStoreException("RabbitMQ did not confirm within " + this.properties.confirmTimeout(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new MessageStoreException("interrupted while waiting for RabbitMQ", ex);
		}
	}

}
