package io.gochat.storage;

import io.gochat.mode.ClusterMode;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.rabbit.config.SimpleRabbitListenerContainerFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.amqp.autoconfigure.SimpleRabbitListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@ClusterMode
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

	static final String CONTAINER_FACTORY = "messageBatchContainerFactory";

	/**
	 * The contract's exchange, queue and binding, declared durable (upstream declares
	 * them non-durable and loses queued messages on a broker restart), plus the
	 * dead-letter pair.
	 */
	@Bean
	Declarables messageTopology() {
		DirectExchange exchange = new DirectExchange(MessageQueueNames.EXCHANGE, true, false);
		Queue queue = new Queue(MessageQueueNames.QUEUE, true);
		DirectExchange deadLetterExchange = new DirectExchange(MessageQueueNames.DEAD_LETTER_EXCHANGE, true, false);
		Queue deadLetterQueue = new Queue(MessageQueueNames.DEAD_LETTER_QUEUE, true);
		Binding binding = BindingBuilder.bind(queue).to(exchange).with(MessageQueueNames.ROUTING_KEY);
		Binding deadLetterBinding = BindingBuilder.bind(deadLetterQueue)
			.to(deadLetterExchange)
			.with(MessageQueueNames.ROUTING_KEY);
		return new Declarables(exchange, queue, binding, deadLetterExchange, deadLetterQueue, deadLetterBinding);
	}

	/**
	 * Hands the listener up to {@code batch-size} deliveries at once, so many messages
	 * share one insert and one commit; all are acknowledged only after the listener
	 * returns.
	 */
	@Bean(CONTAINER_FACTORY)
	SimpleRabbitListenerContainerFactory messageBatchContainerFactory(
			SimpleRabbitListenerContainerFactoryConfigurer configurer, ConnectionFactory connectionFactory,
			StorageProperties properties) {
		SimpleRabbitListenerContainerFactory factory = new SimpleRabbitListenerContainerFactory();
		configurer.configure(factory, connectionFactory);
		factory.setBatchListener(true);
		factory.setConsumerBatchEnabled(true);
		factory.setBatchSize(properties.batchSize());
		factory.setPrefetchCount(properties.batchSize() * 2);
		factory.setConcurrentConsumers(properties.consumers());
		factory.setMaxConcurrentConsumers(properties.consumers());
		// An idle consumer wakes once per receive timeout: 250 ms keeps an idle node's
		// wake-ups few (each consumer woke 10 times a second at 100 ms, a measurable
		// share
		// of an idle node's CPU). A batch stops gathering once it is 100 ms old, so a
		// partial batch is written at most 100 ms plus one receive timeout after its
		// first delivery. Nothing waits for the write but a sync that reads after an ACK
		// (ACKs follow the publisher confirm).
		factory.setReceiveTimeout(250L);
		factory.setBatchReceiveTimeout(100L);
		factory.setDefaultRequeueRejected(true);
		return factory;
	}

}
