package io.gochat.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.MessageType;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.RawWebSocket;
import io.gochat.support.StandaloneIntegrationTest;
import io.gochat.system.Refusals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attacks of issue "hardening", each against a standalone node with small limits: the
 * node refuses or disconnects the attacker, counts it, and keeps serving everyone else.
 */
@StandaloneIntegrationTest
@TestPropertySource(properties = { "app.data-dir=target/hostile-it", "app.limits.outbound-bytes-per-connection=256KB",
		"app.limits.outbound-bytes-per-node=2MB", "app.limits.sync-page-bytes=64KB", "app.limits.syncs-in-flight=2",
		"app.limits.commands-per-connection=16", "app.limits.login-timeout=2s", "app.limits.max-connections=600",
		"app.limits.max-connections-per-address=200" })
class HostileClientsIntegrationTests {

	static final int LARGE = 60 * 1024;

	@LocalServerPort
	int httpPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	Refusals refusals;

	GoChatApi api;

	final List<AutoCloseable> sockets = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
	}

	@AfterEach
	void closeAll() throws Exception {
		for (AutoCloseable socket : this.sockets) {
			socket.close();
		}
	}

	<T extends AutoCloseable> T keep(T socket) {
		this.sockets.add(socket);
		return socket;
	}

	@Test
	void syncFloodFromAccountsWithLargeMessagesStaysBoundedAndOthersKeepChatting() throws Exception {
		User partner = this.api.register();
		List<User> attackers = List.of(this.api.register(), this.api.register(), this.api.register());
		for (User attacker : attackers) {
			try (ChatClient client = ChatClient.loggedIn(this.gateway.port(), attacker)) {
				long last = 0;
				for (int i = 0; i < 30; i++) {
					last = client.nextClientId();
					client.sendUp(last, large(attacker, partner));
				}
				client.awaitAck(last);
			}
			await().until(() -> !this.registry.isConnected(attacker.id()));
		}
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = keep(ChatClient.loggedIn(this.gateway.port(), alice));
		ChatClient bobClient = keep(ChatClient.loggedIn(this.gateway.port(), bob));

		long refusedBefore = this.refusals.counted("syncs-in-flight");
		List<RawWebSocket> flooders = new ArrayList<>();
		for (User attacker : attackers) {
			RawWebSocket raw = keep(RawWebSocket.upgraded("127.0.0.1", this.gateway.port()));
			raw.send(CmdType.CT_Login,
					LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(attacker.token())).build());
			await().until(() -> this.registry.isConnected(attacker.id()));
			flooders.add(raw);
		}
		AtomicLong mostPending = new AtomicLong();
		for (int i = 0; i < 1000; i++) {
			for (RawWebSocket raw : flooders) {
				try {
					raw.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(0).build());
				}
				catch (java.io.IOException ex) {
					// disconnected for not reading: that is allowed
				}
			}
			if (i % 100 == 0) {
				mostPending.accumulateAndGet(pendingBytes(), Math::max);
				// others keep chatting during the flood
				long id = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "during " + i);
				aliceClient.awaitAck(id);
			}
		}
		mostPending.accumulateAndGet(pendingBytes(), Math::max);

		// never more waiting than the per-connection bounds allow
		assertThat(mostPending.get()).isLessThanOrEqualTo(3 * 256 * 1024);
		assertThat(this.refusals.counted("syncs-in-flight") - refusedBefore).isGreaterThan(2000);
		await().until(() -> bobClient.pushes()
			.stream()
			.filter((m) -> m.getContent().toStringUtf8().startsWith("during"))
			.count() == 10);

		// the node is not broken: a fresh connection syncs the large messages, a page at
		// a
		// time bounded in bytes
		flooders.forEach(RawWebSocket::close);
		User first = attackers.get(0);
		await().until(() -> !this.registry.isConnected(first.id()));
		try (ChatClient client = ChatClient.loggedIn(this.gateway.port(), first)) {
			SyncOutputMsg page = client.syncAfter(0);
			assertThat(page.getMessagesCount()).isBetween(1, 2);
			assertThat(page.getHasMore()).isTrue();
		}
	}

	long pendingBytes() {
		return this.registry.open().stream().mapToLong((c) -> c.outbound().pendingBytes()).sum();
	}

	static Message large(User sender, User receiver) {
		return Message.newBuilder()
			.setSessionType(SessionType.ST_Single)
			.setReceiverId(receiver.id())
			.setSenderId(sender.id())
			.setMessageType(MessageType.MT_Text)
			.setContent(ByteString.copyFrom(new byte[LARGE]))
			.setSendTime(System.currentTimeMillis())
			.build();
	}

	@Test
	void socketsThatNeverLogInAreCappedAndClosedAtTheDeadlineWhileALegitimateUserGetsIn() throws Exception {
		await().until(() -> this.gateway.openConnections() == 0);
		long perAddressBefore = this.refusals.counted("max-connections-per-address");
		long nodeBefore = this.refusals.counted("max-connections");
		long deadlineBefore = this.refusals.counted("login-timeout");
		// 1,500 sockets from one address: 200 admitted, the rest refused at once
		List<RawWebSocket> idle = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			idle.add(keep(RawWebSocket.tcpFrom("127.0.0.2", "127.0.0.1", this.gateway.port())));
		}
		await().until(() -> this.refusals.counted("max-connections-per-address") - perAddressBefore == 1300);
		// a legitimate user on another address logs in at once
		User alice = this.api.register();
		try (ChatClient client = ChatClient.loggedIn(this.gateway.port(), alice)) {
			assertThat(this.registry.isConnected(alice.id())).isTrue();
		}
		// two more addresses fill the node's cap; some upgrade and send frames, which do
		// not extend the deadline
		for (String address : List.of("127.0.0.3", "127.0.0.4")) {
			for (int i = 0; i < 200; i++) {
				RawWebSocket raw = keep(RawWebSocket.tcpFrom(address, "127.0.0.1", this.gateway.port()));
				if (i < 20) {
					raw.upgrade("127.0.0.1", this.gateway.port());
					raw.send(CmdType.CT_Heartbeat, io.gochat.protocol.HeartbeatMsg.getDefaultInstance());
				}
				idle.add(raw);
			}
		}
		await().until(() -> this.gateway.openConnections() == 600);
		// at the cap a new connection is refused; the user retries and gets in once the
		// deadline closed the sockets that never logged in
		User bob = this.api.register();
		long start = System.nanoTime();
		ChatClient bobClient = await().atMost(Duration.ofSeconds(15))
			.ignoreExceptions()
			.until(() -> keep(ChatClient.loggedIn(this.gateway.port(), bob)), (c) -> c != null);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
		assertThat(this.refusals.counted("max-connections") - nodeBefore).isPositive();
		assertThat(bobClient.isClosed()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.gateway.openConnections() == 1);
		assertThat(this.refusals.counted("login-timeout") - deadlineBefore).isEqualTo(600);
		for (RawWebSocket raw : idle) {
			assertThat(raw.closedByPeer(2000)).isTrue();
		}
	}

	@Test
	void anUpgradeRequestWithOversizedHeadersIsAnsweredAndClosed() throws Exception {
		RawWebSocket raw = keep(RawWebSocket.tcp("127.0.0.1", this.gateway.port()));
		raw.write(("GET /ws HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(20 * 1024) + "\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(raw.readHeaders()).startsWith("HTTP/1.1 431");
		assertThat(raw.closedByPeer(5000)).isTrue();
	}

	@Test
	void anUpgradeThatNeverCompletesIsClosedAtTheLoginDeadline() throws Exception {
		RawWebSocket raw = keep(RawWebSocket.tcp("127.0.0.1", this.gateway.port()));
		long start = System.nanoTime();
		raw.write("GET /ws HTTP/1.1\r\nHost: x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(raw.closedByPeer(8000)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(1500),
				Duration.ofSeconds(7));
	}

}
