package io.gochat.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import com.google.protobuf.ByteString;
import io.gochat.auth.TokenService;
import io.gochat.metrics.ChatMetrics;
import io.gochat.node.Refusals;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.HeartbeatMsg;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input is answered with an error {@code Output} carrying the
 * contract's code, and affects neither other connections nor stored data: the gateway's
 * whole pipeline ({@link GatewayChannelInitializer}: the WebSocket codec,
 * {@link FrameErrorGuard}, {@link WebSocketFrameHandler}, the command workers and
 * {@link CommandHandler}) on {@code EmbeddedChannel}s, over a standalone node's in-memory
 * adapters and embedded database, so no service and no socket is needed.
 * {@code BadInputIntegrationTests} runs the same cases over real sockets in cluster mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = { "app.mode=standalone",
		"app.data-dir=target/gateway-tests", "app.websocket-server-port=0", "log.target=console", "log.level=info" })
class BadInputTests {

	@Autowired
	GatewayProperties properties;

	@Autowired
	GatewayLimits limits;

	@Autowired
	Refusals refusals;

	@Autowired
	ConnectionRegistry registry;

	@Autowired
	CommandWorkers workers;

	@Autowired
	CommandHandler commands;

	@Autowired
	ConnectionCleanup cleanup;

	@Autowired
	TokenService tokens;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ChatMetrics metrics;

	long alice;

	long bob;

	EmbeddedClient aliceClient;

	EmbeddedClient bobClient;

	final List<EmbeddedClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.alice = register();
		this.bob = register();
		this.aliceClient = fresh().login(this.tokens.issue(this.alice));
		this.bobClient = fresh().login(this.tokens.issue(this.bob));
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(EmbeddedClient::close);
	}

	EmbeddedClient fresh() {
		OutboundQueue.Bounds outbound = new OutboundQueue.Bounds(this.properties.outboundQueueLimit(),
				this.limits.outboundBytesPerConnection().toBytes(),
				new ByteBudget(this.limits.outboundBytesPerNode().toBytes()), this.refusals);
		GatewayChannelInitializer initializer = new GatewayChannelInitializer(this.properties, this.limits,
				new WebSocketFrameHandler(this.registry, this.workers, this.commands, this.cleanup, outbound,
						this.limits, this.refusals, this.metrics, PushOrdering.defaults()));
		EmbeddedClient client = new EmbeddedClient(initializer);
		this.clients.add(client);
		return client;
	}

	long register() {
		KeyHolder id = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO user (phone_number, nickname, password) VALUES (?, ?, ?)")
			.params("1" + ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L), "test", "-")
			.update(id, "id");
		return id.getKey().longValue();
	}

	long createGroup(long owner, long... members) {
		KeyHolder id = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO `group` (name, owner_id) VALUES (?, ?)").params("g", owner).update(id, "id");
		long groupId = id.getKey().longValue();
		this.jdbc.sql("INSERT INTO group_user (group_id, user_id) VALUES (?, ?)").params(groupId, owner).update();
		for (long member : members) {
			this.jdbc.sql("INSERT INTO group_user (group_id, user_id) VALUES (?, ?)").params(groupId, member).update();
		}
		return groupId;
	}

	/** Alice and Bob can still chat, and nothing of the bad input was stored. */
	void othersUnaffected() {
		long clientId = this.aliceClient.sendTo(SessionType.ST_Single, this.bob, this.alice, "still fine");
		this.aliceClient.awaitAck(clientId);
		EmbeddedClient.waiting()
			.until(() -> this.bobClient.pushes()
				.stream()
				.anyMatch((m) -> m.getContent().toStringUtf8().equals("still fine")));
	}

	List<String> storedContents(long userId) {
		return this.jdbc.sql("SELECT content FROM message WHERE user_id = ?")
			.param(userId)
			.query((rs, row) -> new String(rs.getBytes("content"), java.nio.charset.StandardCharsets.UTF_8))
			.list();
	}

	@Test
	void malformedFrameIsAnswered() {
		EmbeddedClient client = fresh();
		client.sendRaw(new byte[] { (byte) 0xff, 0x01, 0x02, 0x03 });
		assertThat(client.awaitError(1001).getCodeMsg()).contains("malformed frame");
		othersUnaffected();
	}

	@Test
	void malformedCommandPayloadIsAnswered() {
		this.aliceClient.sendRaw(Input.newBuilder()
			.setType(CmdType.CT_Message)
			.setData(ByteString.copyFrom(new byte[] { 0x0a, 0x7f }))
			.build()
			.toByteArray());
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("malformed UpMsg");
		othersUnaffected();
	}

	@Test
	void unknownCommandIsAnswered() {
		this.aliceClient.sendRaw(Input.newBuilder().setTypeValue(42).build().toByteArray());
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("unknown command type 42");
		othersUnaffected();
	}

	@Test
	void textFrameIsAnswered() {
		EmbeddedClient client = fresh();
		client.sendText("{\"type\": 1}");
		assertThat(client.awaitError(1001).getCodeMsg()).contains("text frames are not supported");
		// errors carry type CT_UnKnow, which upstream clients pass over
		assertThat(client.errors()).extracting(Output::getType).containsOnly(CmdType.CT_UnKnow);
	}

	@Test
	void frameOverTheSizeCapIsAnsweredAndTheConnectionClosed() {
		EmbeddedClient client = fresh();
		client.sendRaw(new byte[(int) this.properties.maxFrameSize().toBytes() + 1]);
		assertThat(client.awaitError(1001).getCodeMsg()).contains("bad frame");
		assertThat(client.closeFrameReceived()).isTrue();
		// closed a moment later, so that the client reads the answer first
		assertThat(client.isOpen()).isTrue();
		client.advance(Duration.ofSeconds(1));
		assertThat(client.isOpen()).isFalse();
		othersUnaffected();
	}

	@Test
	void frameAtTheSizeCapIsAccepted() {
		Message big = EmbeddedClient.message(SessionType.ST_Single, this.bob, this.alice, "")
			.toBuilder()
			.setContent(ByteString.copyFrom(new byte[60 * 1024]))
			.build();
		long clientId = this.aliceClient.nextClientId();
		this.aliceClient.sendUp(clientId, big);
		this.aliceClient.awaitAck(clientId);
		EmbeddedClient.waiting()
			.until(() -> this.bobClient.pushes().stream().anyMatch((m) -> m.getContent().size() == 60 * 1024));
	}

	@Test
	void commandsBeforeLoginAreRefused() {
		EmbeddedClient client = fresh();
		client.send(CmdType.CT_Heartbeat, HeartbeatMsg.getDefaultInstance());
		client.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(0).build());
		client.sendUp(1, EmbeddedClient.message(SessionType.ST_Single, this.bob, this.alice, "sneaky"));
		EmbeddedClient.waiting().until(() -> client.errors().size() == 3);
		assertThat(client.errors()).extracting(Output::getCode).containsOnly(1000);
		assertThat(client.syncs()).isEmpty();
		othersUnaffected();
		assertThat(this.bobClient.pushes()).noneMatch((m) -> m.getContent().toStringUtf8().equals("sneaky"));
	}

	@Test
	void badTokenIsRefused() {
		EmbeddedClient client = fresh();
		client.send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8("not-a-token")).build());
		assertThat(client.awaitError(1003).getCodeMsg()).contains("invalid token");
		client.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(0).build());
		client.awaitError(1000);
	}

	@Test
	void forgedSenderIsRefused() {
		long clientId = this.aliceClient.nextClientId();
		this.aliceClient.sendUp(clientId,
				EmbeddedClient.message(SessionType.ST_Single, this.alice, this.bob, "as bob"));
		assertThat(this.aliceClient.awaitError(1002).getCodeMsg()).contains("is not the logged-in user");
		othersUnaffected();
		assertThat(storedContents(this.alice)).doesNotContain("as bob");
	}

	@Test
	void messageToUnknownUserIsRefused() {
		this.aliceClient.sendTo(SessionType.ST_Single, Long.MAX_VALUE - 7, this.alice, "nobody");
		assertThat(this.aliceClient.awaitError(1005).getCodeMsg()).contains("no such user");
		othersUnaffected();
		assertThat(storedContents(this.alice)).doesNotContain("nobody");
	}

	@Test
	void messageToUnknownGroupIsRefused() {
		this.aliceClient.sendTo(SessionType.ST_Group, Long.MAX_VALUE - 7, this.alice, "no group");
		assertThat(this.aliceClient.awaitError(1005).getCodeMsg()).contains("no such group");
		othersUnaffected();
	}

	@Test
	void nonMemberCannotPostToAGroup() {
		long carol = register();
		long groupId = createGroup(this.bob, carol);
		this.aliceClient.sendTo(SessionType.ST_Group, groupId, this.alice, "let me in");
		assertThat(this.aliceClient.awaitError(1003).getCodeMsg()).contains("not a member");
		othersUnaffected();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM message WHERE session_type = 2 AND receiver_id = ?")
			.param(groupId)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void messageToYourselfAndUnknownSessionTypeAreRefused() {
		this.aliceClient.sendTo(SessionType.ST_Single, this.alice, this.alice, "me");
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("to yourself");
		this.aliceClient.sendTo(SessionType.ST_UnKnow, this.bob, this.alice, "?");
		this.aliceClient.awaitOutput((e) -> e.getCodeMsg().contains("session_type 0"));
		othersUnaffected();
	}

	@Test
	void refusedMessageNamesItsClientIdAndDoesNotBlockTheNext() throws Exception {
		long refused = this.aliceClient.sendTo(SessionType.ST_Single, Long.MAX_VALUE - 7, this.alice, "nobody");
		Output error = this.aliceClient.awaitError(1005);
		assertThat(ACKMsg.parseFrom(error.getData()).getClientId()).isEqualTo(refused);
		othersUnaffected();
	}

	@Test
	void clientIdOutOfOrderIsAnsweredAndNotProcessed() {
		this.aliceClient.sendUp(5, EmbeddedClient.message(SessionType.ST_Single, this.bob, this.alice, "gap"));
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("clientId 5 out of order (expected: 1)");
		othersUnaffected();
		assertThat(this.bobClient.pushes()).noneMatch((m) -> m.getContent().toStringUtf8().equals("gap"));
	}

}
