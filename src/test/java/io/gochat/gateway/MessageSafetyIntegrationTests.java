package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;

import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user may rely on once a message is ACKed, in cluster mode: it is never lost or
 * hidden, whatever Redis or the persistence backlog do, and ACKs come in clientId order.
 */
@IntegrationTest
class MessageSafetyIntegrationTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	RabbitListenerEndpointRegistry listeners;

	GoChatApi api;

	final List<ChatClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
	}

	@AfterEach
	void tearDown() {
		this.clients.forEach(ChatClient::close);
		this.listeners.getListenerContainer("message-persistence").start();
	}

	ChatClient online(User user) {
		ChatClient client = ChatClient.loggedIn(this.gateway.port(), user);
		this.clients.add(client);
		return client;
	}

	long stored(long userId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM message WHERE user_id = ?").param(userId).query(Long.class).single();
	}

	List<Message> syncAll(ChatClient client) {
		List<Message> synced = new ArrayList<>();
		long seq = 0;
		SyncOutputMsg page;
		do {
			page = client.syncAfter(seq);
			synced.addAll(page.getMessagesList());
			if (page.getMessagesCount() > 0) {
				seq = page.getMessages(page.getMessagesCount() - 1).getSeq();
			}
		}
		while (page.getHasMore());
		return synced;
	}

	long sendAndAwaitAcks(ChatClient sender, long receiverId, String prefix, int count) {
		long last = 0;
		for (int i = 0; i < count; i++) {
			last = sender.sendTo(SessionType.ST_Single, receiverId, prefix + i);
		}
		return sender.awaitAck(last);
	}

	@Test
	void seqCountersLostInRedisNeitherGoBackNorDiscardAnything() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		sendAndAwaitAcks(aliceClient, bob.id(), "before-", 3);
		await().atMost(ChatClient.TIMEOUT).until(() -> stored(bob.id()) == 3);
		// Redis loses the counters of these two users (this test's own keys only)
		this.redis.delete(List.of("object_seq_1_" + alice.id(), "object_seq_1_" + bob.id()));
		sendAndAwaitAcks(aliceClient, bob.id(), "after-", 3);

		await().atMost(ChatClient.TIMEOUT).until(() -> stored(bob.id()) >= 6);
		List<Message> synced = syncAll(online(bob));
		assertThat(synced).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactly("before-0", "before-1", "before-2", "after-0", "after-1", "after-2");
		assertThat(synced).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
		assertThat(stored(alice.id())).isEqualTo(6);
	}

	@Test
	void syncAfterAckReturnsTheMessageWhilePersistenceIsBehind() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		ChatClient bobClient = online(bob);
		// a backlog: nothing is written to the database for a while
		this.listeners.getListenerContainer("message-persistence").stop();
		long seq = sendAndAwaitAcks(aliceClient, bob.id(), "acked-", 3);
		assertThat(seq).isPositive();
		Thread.ofPlatform().start(() -> {
			sleep(1500);
			this.listeners.getListenerContainer("message-persistence").start();
		});
		SyncOutputMsg page = bobClient.syncAfter(0);
		assertThat(page.getMessagesList()).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactly("acked-0", "acked-1", "acked-2");
	}

	@Test
	void acksOfOneConnectionComeInClientIdOrder() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		int count = 200;
		long last = 0;
		for (int i = 0; i < count; i++) {
			last = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "ordered-" + i);
		}
		aliceClient.awaitAck(last);
		await().atMost(ChatClient.TIMEOUT).until(() -> aliceClient.acks(ACKType.AT_Up).size() == count);
		assertThat(aliceClient.acks(ACKType.AT_Up)).extracting(ACKMsg::getClientId).isSorted();
		assertThat(aliceClient.acks(ACKType.AT_Up)).extracting(ACKMsg::getSeq).isSorted();
	}

	@Test
	void aClientThatAcknowledgesPushesGetsAnUnacknowledgedOneAgain() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		ChatClient bobClient = online(bob);
		aliceClient.awaitAck(aliceClient.sendTo(SessionType.ST_Single, bob.id(), "first"));
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() == 1);
		// acknowledging a push turns retransmits on for this connection
		bobClient.send(io.gochat.protocol.CmdType.CT_ACK,
				ACKMsg.newBuilder().setType(ACKType.AT_Push).setSeq(bobClient.pushes().get(0).getSeq()).build());
		aliceClient.awaitAck(aliceClient.sendTo(SessionType.ST_Single, bob.id(), "second"));
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() == 2);
		// not acknowledged: sent again after app.push-ack.timeout (5 s)
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() == 3);
		Message again = bobClient.pushes().get(2);
		assertThat(again.getContent().toStringUtf8()).isEqualTo("second");
		assertThat(again.getSeq()).isEqualTo(bobClient.pushes().get(1).getSeq());
		bobClient.send(io.gochat.protocol.CmdType.CT_ACK,
				ACKMsg.newBuilder().setType(ACKType.AT_Push).setSeq(again.getSeq()).build());
		sleep(11_000);
		assertThat(bobClient.pushes()).hasSize(3);
		assertThat(bobClient.isClosed()).isFalse();
		// the first push was acknowledged before: never sent again
		assertThat(bobClient.pushes()).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactly("first", "second", "second");
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
