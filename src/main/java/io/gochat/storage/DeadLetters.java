package io.gochat.storage;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import io.gochat.mode.ClusterMode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

import static io.gochat.storage.MessageQueueNames.DEAD_LETTER_EXCHANGE;
import static io.gochat.storage.MessageQueueNames.DEAD_LETTER_QUEUE;
import static io.gochat.storage.MessageQueueNames.EXCHANGE;
import static io.gochat.storage.MessageQueueNames.ROUTING_KEY;

/**
 * Deliveries the database refused after every attempt wait in
 * {@code message.dead-letter.queue} with the reason in header {@value #ERROR_HEADER}, for
 * an operator to inspect and replay (actuator endpoint {@code deadletters}).
 */
@ClusterMode
@Component
class DeadLetters {

	static final String ERROR_HEADER = "x-gochat-error";

	static final String COUNT_HEADER = "x-gochat-dead-letter-count";

	private static final long CONFIRM_TIMEOUT_MILLIS = 5_000;

	private final CachingConnectionFactory connections;

	private final AmqpAdmin admin;

	DeadLetters(CachingConnectionFactory connections, AmqpAdmin admin) {
		this.connections = connections;
		this.admin = admin;
	}

	/**
	 * Moves a delivery to the dead-letter queue; returns once the broker confirmed it.
	 * @throws IOException if it was not confirmed, so the caller must not acknowledge the
	 * original
	 */
	void deadLetter(Message delivery, String reason) throws IOException {
		Map<String, Object> headers = new java.util.HashMap<>(delivery.getMessageProperties().getHeaders());
		headers.put(ERROR_HEADER, reason.length() > 1000 ? reason.substring(0, 1000) : reason);
		headers.put(COUNT_HEADER, deadLetterCount(headers) + 1);
		AMQP.BasicProperties props = new AMQP.BasicProperties.Builder().deliveryMode(2)
			.contentType(delivery.getMessageProperties().getContentType())
			.headers(headers)
			.build();
		withConfirmedChannel((channel) -> {
			channel.basicPublish(DEAD_LETTER_EXCHANGE, ROUTING_KEY, true, props, delivery.getBody());
			return null;
		});
	}

	/**
	 * Messages waiting in the dead-letter queue.
	 */
	long count() {
		QueueInformation info = this.admin.getQueueInfo(DEAD_LETTER_QUEUE);
		return info == null ? 0 : info.getMessageCount();
	}

	/**
	 * Moves up to {@code limit} dead letters back to the message exchange, each
	 * acknowledged only after the broker confirmed its republication.
	 * @return how many were moved
	 */
	int replay(int limit) throws IOException {
		return withConfirmedChannel((channel) -> {
			int moved = 0;
			while (moved < limit) {
				GetResponse response = channel.basicGet(DEAD_LETTER_QUEUE, false);
				if (response == null) {
					break;
				}
				channel.basicPublish(EXCHANGE, ROUTING_KEY, true, response.getProps(), response.getBody());
				waitForConfirms(channel);
				channel.basicAck(response.getEnvelope().getDeliveryTag(), false);
				moved++;
			}
			return moved;
		});
	}

	static int deadLetterCount(Map<String, Object> headers) {
		return (headers.get(COUNT_HEADER) instanceof Number n) ? n.intValue() : 0;
	}

	// A plain client channel of its own: confirms are awaited synchronously here, which
	// the
	// template's correlated-confirm channels do not allow.
	private <T> T withConfirmedChannel(ChannelWork<T> work) throws IOException {
		try (Connection connection = this.connections.getRabbitConnectionFactory().newConnection("gochat-dead-letters");
				Channel channel = connection.createChannel()) {
			channel.confirmSelect();
			T result = work.run(channel);
			waitForConfirms(channel);
			return result;
		}
		catch (TimeoutException ex) {
			throw new IOException("RabbitMQ did not answer in time", ex);
		}
	}

	private static void waitForConfirms(Channel channel) throws IOException {
		try {
			channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while waiting for RabbitMQ", ex);
		}
		catch (TimeoutException ex) {
			throw new IOException("RabbitMQ did not confirm in time", ex);
		}
	}

	@FunctionalInterface
	private interface ChannelWork<T> {

		T run(Channel channel) throws IOException;

	}

}
