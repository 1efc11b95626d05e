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

import static io.gochat.storage.MessageQueueNames.DEAD_LETTER_EXCHANGE;
import static io.gochat.storage.MessageQueueNames.DEAD_LETTER_QUEUE;
import static io.gochat.storage.MessageQueueNames.EXCHANGE;
import static io.gochat.storage.MessageQueueNames.QUEUE;
import static io.gochat.storage.MessageQueueNames.ROUTING_KEY;

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
		DirectExchange exchange = new DirectExchange(EXCHANGE, true, false);
		Queue queue = new Queue(QUEUE, true);
		DirectExchange deadLetterExchange = new DirectExchange(DEAD_LETTER_EXCHANGE, true, false);
		Queue deadLetterQueue = new Queue(DEAD_LETTER_QUEUE, true);
		Binding binding = BindingBuilder.bind(queue).to(exchange).with(ROUTING_KEY);
		Binding deadLetterBinding = BindingBuilder.bind(deadLetterQueue).to(deadLetterExchange).with(ROUTING_KEY);
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
		// a partial batch is written after 100 ms without a new delivery; shorter polls
		// cost
		// measurable CPU on an idle node, and nothing waits for the write (ACKs follow
		// the
		// publisher confirm)
		factory.setReceiveTimeout(100L);
		factory.setDefaultRequeueRejected(true);
		return factory;
	}

}
