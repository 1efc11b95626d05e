package io.gochat.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat flows every mode must serve the same way; run by one subclass per mode.
 */
abstract class ChatFlowTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	JdbcClient jdbc;

	GoChatApi api;

	final List<ChatClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
	}

	ChatClient online(User user) {
		ChatClient client = ChatClient.loggedIn(this.gateway.port(), user);
		this.clients.add(client);
		return client;
	}

	@Test
	void twoUsersChatBothWays() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		ChatClient bobClient = online(bob);

		long first = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "hi bob");
		long aliceSeq = aliceClient.awaitAck(first);
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() == 1);
		Message toBob = bobClient.pushes().get(0);
		assertThat(toBob.getContent().toStringUtf8()).isEqualTo("hi bob");
		assertThat(toBob.getSenderId()).isEqualTo(alice.id());
		assertThat(toBob.getReceiverId()).isEqualTo(bob.id());
		assertThat(toBob.getSessionType()).isEqualTo(SessionType.ST_Single);
		assertThat(toBob.getSeq()).isPositive();

		long reply = bobClient.sendTo(SessionType.ST_Single, alice.id(), "hi alice");
		long bobSeq = bobClient.awaitAck(reply);
		await().atMost(ChatClient.TIMEOUT).until(() -> aliceClient.pushes().size() == 1);
		Message toAlice = aliceClient.pushes().get(0);
		assertThat(toAlice.getContent().toStringUtf8()).isEqualTo("hi alice");
		// each owner's seqs increase: alice's copy of
		// her message, then her copy of bob's reply
		assertThat(toAlice.getSeq()).isGreaterThan(aliceSeq);
		assertThat(bobSeq).isGreaterThan(toBob.getSeq());
		// the sender's copy is stored, not pushed
		assertThat(aliceClient.pushes()).hasSize(1);
		assertThat(bobClient.pushes()).hasSize(1);
	}

	@Test
	void secondLoginOfAnOnlineUserIsRefusedAndClosed() {
		User user = this.api.register();
		ChatClient first = online(user);
		ChatClient second = ChatClient.connect(this.gateway.port());
		this.clients.add(second);
		second.send(io.gochat.protocol.CmdType.CT_Login,
				io.gochat.protocol.LoginMsg.newBuilder()
					.setToken(com.google.protobuf.ByteString.copyFromUtf8(user.token()))
					.build());
		assertThat(second.awaitError(1009).getCodeMsg()).contains("already online");
		await().atMost(ChatClient.TIMEOUT).until(second::isClosed);
		// the first connection still works
		User other = this.api.register();
		ChatClient otherClient = online(other);
		otherClient.awaitAck(otherClient.sendTo(SessionType.ST_Single, user.id(), "still there?"));
		await().atMost(ChatClient.TIMEOUT).until(() -> first.pushes().size() == 1);
	}

	@Test
	void groupMembersOnlineReceiveEveryMessageExactlyOnceInSeqOrder() {
		List<User> members = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			members.add(this.api.register());
		}
		long groupId = this.api.createGroup(members.get(0), members.subList(1, members.size()));
		List<ChatClient> online = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			online.add(online(members.get(i)));
		}
		int senders = 5;
		int perSender = 4;
		List<List<Long>> sent = new ArrayList<>();
		for (int s = 0; s < senders; s++) {
			sent.add(new ArrayList<>());
		}
		for (int round = 0; round < perSender; round++) {
			for (int s = 0; s < senders; s++) {
				sent.get(s).add(online.get(s).sendTo(SessionType.ST_Group, groupId, "m-" + s + "-" + round));
			}
		}
		for (int s = 0; s < senders; s++) {
			for (long clientId : sent.get(s)) {
				online.get(s).awaitAck(clientId);
			}
		}
		for (int i = 0; i < online.size(); i++) {
			ChatClient client = online.get(i);
			int expected = (i < senders) ? (senders - 1) * perSender : senders * perSender;
			await().atMost(ChatClient.TIMEOUT).until(() -> client.pushes().size() >= expected);
			List<Message> pushes = client.pushes();
			assertThat(pushes).hasSize(expected);
			Set<String> contents = new HashSet<>();
			long lastSeq = 0;
			for (Message push : pushes) {
				assertThat(push.getSessionType()).isEqualTo(SessionType.ST_Group);
				assertThat(push.getReceiverId()).isEqualTo(groupId);
				assertThat(push.getSenderId()).isNotEqualTo(members.get(i).id());
				assertThat(contents.add(push.getContent().toStringUtf8())).as("delivered once").isTrue();
				assertThat(push.getSeq()).as("seqs strictly increase").isGreaterThan(lastSeq);
				lastSeq = push.getSeq();
			}
		}
		// write diffusion: one row per member per message, stored once the queue drained;
		// queried through the (user_id, seq) index: the table may hold millions of rows
		long messages = (long) senders * perSender;
		List<Long> memberIds = members.stream().map(User::id).toList();
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.jdbc.sql(
					"SELECT COUNT(*) FROM message WHERE user_id IN (:ids) AND session_type = 2 AND receiver_id = :group")
				.param("ids", memberIds)
				.param("group", groupId)
				.query(Long.class)
				.single() == messages * members.size());
		Map<Long, Long> perOwner = new HashMap<>();
		this.jdbc
			.sql("SELECT user_id, COUNT(DISTINCT seq) AS n FROM message"
					+ " WHERE user_id IN (:ids) AND session_type = 2 AND receiver_id = :group GROUP BY user_id")
			.param("ids", memberIds)
			.param("group", groupId)
			.query((rs, row) -> perOwner.put(rs.getLong("user_id"), rs.getLong("n")))
			.list();
		assertThat(perOwner).hasSize(members.size());
		assertThat(perOwner.values()).allMatch((n) -> n == messages);
	}

	@Test
	void offlineMemberSyncsMoreThanHundredMessagesInPages() {
		User sender = this.api.register();
		User offline = this.api.register();
		ChatClient senderClient = online(sender);
		int total = 120;
		long lastClientId = 0;
		for (int i = 0; i < total; i++) {
			lastClientId = senderClient.sendTo(SessionType.ST_Single, offline.id(), "offline-" + i);
		}
		senderClient.awaitAck(lastClientId);
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM message WHERE user_id = ?")
				.param(offline.id())
				.query(Long.class)
				.single() == total);

		ChatClient offlineClient = online(offline);
		List<Message> synced = new ArrayList<>();
		List<Integer> pageSizes = new ArrayList<>();
		long seq = 0;
		SyncOutputMsg page;
		do {
			page = offlineClient.syncAfter(seq);
			pageSizes.add(page.getMessagesCount());
			synced.addAll(page.getMessagesList());
			if (page.getMessagesCount() > 0) {
				seq = page.getMessages(page.getMessagesCount() - 1).getSeq();
			}
		}
		while (page.getHasMore());
		assertThat(pageSizes).containsExactly(50, 50, 20);
		assertThat(synced).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactlyElementsOf(
					java.util.stream.IntStream.range(0, total).mapToObj((i) -> "offline-" + i).toList());
		assertThat(synced).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
		assertThat(offlineClient.syncAfter(seq).getMessagesCount()).isZero();
	}

	@Test
	void retransmittedClientIdIsNotDeliveredTwice() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		ChatClient bobClient = online(bob);
		Message message = ChatClient.message(SessionType.ST_Single, bob.id(), alice.id(), "once");
		long clientId = aliceClient.nextClientId();
		aliceClient.sendUp(clientId, message);
		aliceClient.sendUp(clientId, message);
		aliceClient.sendUp(clientId, message);
		aliceClient.awaitAck(clientId);
		long next = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "twice?");
		aliceClient.awaitAck(next);
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() >= 2);
		assertThat(bobClient.pushes()).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactly("once", "twice?");
		assertThat(aliceClient.acks(io.gochat.protocol.ACKType.AT_Up)).hasSize(2);
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.jdbc.sql("SELECT COUNT(*) FROM message WHERE user_id = ?")
				.param(bob.id())
				.query(Long.class)
				.single() == 2);
	}

	@Test
	void outputsOfOneBurstShareFramesOfAtMostFifty() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = online(alice);
		ChatClient bobClient = online(bob);
		long last = 0;
		for (int i = 0; i < 300; i++) {
			last = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "burst-" + i);
		}
		aliceClient.awaitAck(last);
		await().atMost(ChatClient.TIMEOUT).until(() -> bobClient.pushes().size() == 300);
		// upstream clients parse each frame as an OutputBatch of up to 50 outputs
		assertThat(bobClient.outputs()).hasSize(301);
		assertThat(bobClient.outputsPerFrame()).allMatch((n) -> n >= 1 && n <= 50);
		assertThat(bobClient.outputsPerFrame().stream().mapToInt(Integer::intValue).sum()).isEqualTo(301);
	}

}
