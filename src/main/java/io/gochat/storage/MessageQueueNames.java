package io.gochat.storage;

/**
 * RabbitMQ names of the contract (section 5), shared with Go nodes, and this port's
 * dead-letter pair.
 */
final class MessageQueueNames {

	static final String EXCHANGE = "message.exchange.name";

	static final String QUEUE = "message.queue";

	static final String ROUTING_KEY = "message.routing.key";

	static final String DEAD_LETTER_EXCHANGE = "message.dead-letter.exchange";

	static final String DEAD_LETTER_QUEUE = "message.dead-letter.queue";

	private MessageQueueNames() {
	}

}
