package io.gochat.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;
import io.gochat.node.Refusals;
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
import io.gochat.support.UnreachableServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The attacks of issue "hardening", each against a standalone node with small limits: the
 * node refuses or disconnects the attacker, counts it, and keeps serving everyone else.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.mode=standalone", "app.data-dir=target/hostile-it", "app.websocket-server-port=0",
				"app.rpc-port=19095", "log.target=console", "log.level=info", UnreachableServices.REDIS,
				UnreachableServices.RABBITMQ, UnreachableServices.ETCD, UnreachableServices.MYSQL,
				"app.limits.outbound-bytes-per-connection=256KB", "app.limits.outbound-bytes-per-node=2MB",
				"app.limits.sync-page-bytes=64KB", "app.limits.syncs-in-flight=2",
				"app.limits.commands-per-connection=64", "app.limits.login-timeout=6s",
				"app.limits.max-connections=600", "app.limits.max-connections-per-address=200",
				"app.limits.messages-per-second=50", "app.limits.logins-per-address-per-minute=100",
				"app.limits.hashing-queue=4", "app.limits.hashing-queue-per-address=2", "app.password-strength=10",
				"app.limits.max-group-size=5", "app.limits.max-ids-per-request=10", "app.limits.max-groups-per-user=3",
				"server.tomcat.max-parameter-count=20", "server.tomcat.max-http-form-post-size=4KB" })
@ExtendWith(OutputCaptureExtension.class)
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
				for (int i = 0; i < 30; i++) {
					long id = client.nextClientId();
					client.sendUp(id, large(attacker, partner));
					client.awaitAck(id);
				}
			}
			await().until(() -> !this.registry.isConnected(attacker.id()));
		}
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = keep(ChatClient.loggedIn(this.gateway.port(), alice));
		ChatClient bobClient = keep(ChatClient.loggedIn(this.gateway.port(), bob));

		long refusedBefore = this.refusals.counted("syncs-in-flight") + this.refusals.counted("syncs-per-second");
		long inFlightBefore = this.refusals.counted("syncs-in-flight");
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
		// most are refused by the rate, the rest while two are in flight
		assertThat(this.refusals.counted("syncs-in-flight") + this.refusals.counted("syncs-per-second") - refusedBefore)
			.isGreaterThan(2000);
		assertThat(this.refusals.counted("syncs-in-flight") - inFlightBefore).isPositive();
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
		long start = System.nanoTime();
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
		User bob = this.api.register();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("setup must fit in the 6 s login deadline")
			.isLessThan(Duration.ofSeconds(5));
		assertThat(this.gateway.openConnections()).isEqualTo(600);
		// at the cap a new connection is refused; the user retries and gets in once the
		// deadline closed the sockets that never logged in
		ChatClient bobClient = await().atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> keep(ChatClient.loggedIn(this.gateway.port(), bob)), (c) -> c != null);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofSeconds(5),
				Duration.ofSeconds(15));
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
		assertThat(raw.closedByPeer(15000)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(5500),
				Duration.ofSeconds(12));
	}

	@Test
	void messagesOverTheRateAreRefusedWith1006AndTheirClientIdCanBeSentAgain() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceClient = keep(ChatClient.loggedIn(this.gateway.port(), alice));
		keep(ChatClient.loggedIn(this.gateway.port(), bob));
		// a burst of 120 with clientIds 1..120: the bucket holds 50
		for (long id = 1; id <= 120; id++) {
			aliceClient.sendUp(id, ChatClient.message(SessionType.ST_Single, bob.id(), alice.id(), "burst " + id));
		}
		await().until(() -> aliceClient.errors().stream().anyMatch((e) -> e.getCode() == 1006));
		io.gochat.protocol.Output refused = aliceClient.awaitError(1006);
		assertThat(refused.getCodeMsg()).contains("messages a second");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> aliceClient.acks(io.gochat.protocol.ACKType.AT_Up).size()
					+ aliceClient.errors().size() >= 120);
		assertThat(aliceClient.acks(io.gochat.protocol.ACKType.AT_Up).size()).as("errors %s", aliceClient.errors())
			.isBetween(50, 90);
		// the first refused clientId was not consumed: sent again a second later, it is
		// accepted
		long next = aliceClient.acks(io.gochat.protocol.ACKType.AT_Up).size() + 1;
		await().pollDelay(Duration.ofMillis(1100)).until(() -> true);
		aliceClient.sendUp(next, ChatClient.message(SessionType.ST_Single, bob.id(), alice.id(), "again"));
		assertThat(aliceClient.awaitAck(next)).isPositive();
	}

	@Test
	void aLoginFloodIsRefusedCheaplyWhileOthersKeepChattingAndLoggingIn() throws Exception {
		User alice = this.api.register();
		User bob = this.api.register();
		List<User> victims = List.of(this.api.register(), this.api.register(), this.api.register());
		ChatClient aliceClient = keep(ChatClient.loggedIn(this.gateway.port(), alice));
		ChatClient bobClient = keep(ChatClient.loggedIn(this.gateway.port(), bob));
		long addressBefore = this.refusals.counted("logins-per-address-per-minute");

		java.net.http.HttpClient flooder = java.net.http.HttpClient.newBuilder()
			.localAddress(java.net.InetAddress.getByName("127.0.0.5"))
			.build();
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(16);
		java.util.concurrent.atomic.AtomicInteger answered = new java.util.concurrent.atomic.AtomicInteger();
		java.util.concurrent.atomic.AtomicInteger notRefused = new java.util.concurrent.atomic.AtomicInteger();
		long floodEnd = System.nanoTime() + Duration.ofSeconds(6).toNanos();
		for (int t = 0; t < 16; t++) {
			int thread = t;
			threads.submit(() -> {
				int i = 0;
				while (System.nanoTime() < floodEnd) {
					String phone = (i++ % 2 == 0) ? victims.get(thread % 3).phoneNumber() : GoChatApi.newPhoneNumber();
					java.net.http.HttpRequest request = java.net.http.HttpRequest
						.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.httpPort + "/login"))
						.header("Content-Type", "application/x-www-form-urlencoded")
						.POST(java.net.http.HttpRequest.BodyPublishers
							.ofString("phone_number=" + phone + "&password=wrong"))
						.build();
					try {
						String body = flooder.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
						answered.incrementAndGet();
						if (!body.startsWith("{\"code\":-1")) {
							notRefused.incrementAndGet();
						}
					}
					catch (Exception ex) {
						notRefused.incrementAndGet();
					}
				}
				return null;
			});
		}
		List<Long> roundTrips = new ArrayList<>();
		while (System.nanoTime() < floodEnd) {
			long start = System.nanoTime();
			long id = aliceClient.sendTo(SessionType.ST_Single, bob.id(), "flood " + roundTrips.size());
			await().pollInterval(Duration.ofMillis(2)).until(() -> aliceClient.ack(id) != null);
			roundTrips.add((System.nanoTime() - start) / 1_000_000);
			await().pollDelay(Duration.ofMillis(50)).until(() -> true);
		}
		// a user logs in over REST from another address during the flood
		java.util.Map<String, Object> login = this.api.post("/login", null,
				java.util.Map.of("phone_number", bob.phoneNumber(), "password", "secret"));
		threads.shutdown();
		assertThat(threads.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

		assertThat(login.get("code")).isEqualTo(200);
		assertThat(answered.get()).isGreaterThan(100);
		assertThat(notRefused).hasValue(0);
		assertThat(this.refusals.counted("logins-per-address-per-minute") - addressBefore).isPositive();
		List<Long> sorted = roundTrips.stream().sorted().toList();
		assertThat(sorted.get(sorted.size() - 1)).as("slowest round trip (ms) of %s", sorted).isLessThan(1000);
		await().until(() -> bobClient.pushes().size() >= roundTrips.size());
	}

	@Test
	void groupAndRequestCapsAreAnsweredClearlyAndLoggedWithoutStackTraces(CapturedOutput output) {
		User owner = this.api.register();
		List<User> others = List.of(this.api.register(), this.api.register(), this.api.register(), this.api.register(),
				this.api.register());
		int logged = output.length();
		java.util.function.Function<List<?>, java.util.Map<String, Object>> create = (ids) -> this.api
			.post("/group/create", owner.token(), java.util.Map.of("name", "g", "ids", ids));

		assertThat(create.apply(java.util.stream.LongStream.rangeClosed(1, 11).boxed().toList()))
			.containsEntry("code", -1)
			.containsEntry("msg", "too many ids: 11 (at most 10)");
		assertThat(create.apply(others.stream().map(User::id).toList())).containsEntry("code", -1)
			.containsEntry("msg", "too many members: 6 with the caller (at most 5)");
		// more fields than Tomcat reads
		assertThat(create.apply(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList()))
			.containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.startsWith("request too large");
		// a body over the form size
		assertThat(this.api.post("/group/create", owner.token(), java.util.Map.of("name", "x".repeat(8000), "ids", 1)))
			.containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.startsWith("request too large");
		List<Long> two = others.subList(0, 2).stream().map(User::id).toList();
		for (int i = 0; i < 3; i++) {
			assertThat(create.apply(two)).containsEntry("code", 200);
		}
		assertThat(create.apply(two)).containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.contains("you belong to 3 groups already");

		String log = output.toString().substring(logged);
		assertThat(log).doesNotContain(" ERROR ").doesNotContain("\tat ");
		assertThat(this.refusals.counted("max-ids-per-request")).isPositive();
		assertThat(this.refusals.counted("rest-request-size")).isEqualTo(2);
	}

}
