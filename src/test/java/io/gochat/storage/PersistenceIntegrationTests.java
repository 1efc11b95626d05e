package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.support.ChatClient;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer side of persistence, fed through the real broker the way any node (Go or
 * Java) publishes.
 */
@IntegrationTest
class PersistenceIntegrationTests {

	// owners far above any registered user, unique per run
	private static final AtomicLong OWNERS = new AtomicLong(9_000_000_000_000L + System.currentTimeMillis() * 10);

	@Autowired
	RabbitTemplate rabbit;

	@Autowired
	AmqpAdmin admin;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DeadLetters deadLetters;

	@Autowired
	DeadLettersEndpoint endpoint;

	@BeforeEach
	void emptyDeadLetters() {
		this.admin.purgeQueue(MessageQueueNames.DEAD_LETTER_QUEUE, false);
	}

	MessageCopy copy(long owner, long seq, byte[] content) {
		return new MessageCopy(owner, 1, 1, 2, 1, content, seq, System.currentTimeMillis());
	}

	void publish(List<MessageCopy> copies) {
		MessageProperties props = new MessageProperties();
		this.rabbit.send(MessageQueueNames.EXCHANGE, MessageQueueNames.ROUTING_KEY,
				new Message(MqMessageCodec.encode(copies), props));
	}

	long rows(long owner) {
		return this.jdbc.sql("SELECT COUNT(*) FROM message WHERE user_id = ?").param(owner).query(Long.class).single();
	}

	@Test
	void redeliveredBatchCreatesNoDuplicateRows() {
		long owner = OWNERS.incrementAndGet();
		List<MessageCopy> batch = List.of(copy(owner, 1, "a".getBytes()), copy(owner, 2, "b".getBytes()));
		publish(batch);
		publish(batch);
		publish(List.of(copy(owner, 3, "c".getBytes())));
		await().atMost(ChatClient.TIMEOUT).until(() -> rows(owner) == 3);
		// give a straggling duplicate time to show up if it were stored
		await().during(java.time.Duration.ofMillis(500)).atMost(ChatClient.TIMEOUT).until(() -> rows(owner) == 3);
		assertThat(this.jdbc.sql("SELECT seq FROM message WHERE user_id = ? ORDER BY seq")
			.param(owner)
			.query(Long.class)
			.list()).containsExactly(1L, 2L, 3L);
	}

	@Test
	void refusedDeliveryIsDeadLetteredWhileTheRestIsStored() {
		long owner = OWNERS.incrementAndGet();
		// a BLOB holds at most 65535 bytes: the database refuses this copy every time
		publish(List.of(copy(owner, 1, new byte[70_000])));
		publish(List.of(copy(owner, 2, "fine".getBytes())));
		await().atMost(ChatClient.TIMEOUT).until(() -> this.deadLetters.count() == 1);
		await().atMost(ChatClient.TIMEOUT).until(() -> rows(owner) == 1);
		Message dead = this.rabbit.receive(MessageQueueNames.DEAD_LETTER_QUEUE, 5000);
		assertThat(dead).isNotNull();
		assertThat((String) dead.getMessageProperties().getHeader(DeadLetters.ERROR_HEADER)).isNotBlank();
		assertThat(DeadLetters.deadLetterCount(dead.getMessageProperties().getHeaders())).isEqualTo(1);
	}

	@Test
	void unreadableBodyIsDeadLettered() {
		this.rabbit.send(MessageQueueNames.EXCHANGE, MessageQueueNames.ROUTING_KEY,
				new Message(new byte[] { (byte) 0xff, (byte) 0xff, 0x00 }, new MessageProperties()));
		await().atMost(ChatClient.TIMEOUT).until(() -> this.deadLetters.count() == 1);
	}

	@Test
	void replayPutsDeadLettersBackOnTheMessageQueue() {
		long owner = OWNERS.incrementAndGet();
		publish(List.of(copy(owner, 1, new byte[70_000])));
		await().atMost(ChatClient.TIMEOUT).until(() -> this.deadLetters.count() == 1);
		assertThat(this.endpoint.count()).containsEntry("messages", 1L);

		Map<String, Object> replayed = this.endpoint.replay(null);

		assertThat(replayed).containsEntry("replayed", 1);
		// still refused by the database, it comes back, now dead-lettered twice
		await().atMost(ChatClient.TIMEOUT).until(() -> this.deadLetters.count() == 1);
		Message dead = this.rabbit.receive(MessageQueueNames.DEAD_LETTER_QUEUE, 5000);
		assertThat(DeadLetters.deadLetterCount(dead.getMessageProperties().getHeaders())).isEqualTo(2);
	}

}
