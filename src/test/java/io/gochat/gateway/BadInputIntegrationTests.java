package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.HeartbeatMsg;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every kind of bad input is answered with an error {@code Output} carrying the
 * contract's code, and affects neither other connections nor stored data.
 */
@IntegrationTest
class BadInputIntegrationTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	JdbcClient jdbc;

	GoChatApi api;

	User alice;

	User bob;

	ChatClient aliceClient;

	ChatClient bobClient;

	final List<ChatClient> clients = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
		this.alice = this.api.register();
		this.bob = this.api.register();
		this.aliceClient = track(ChatClient.loggedIn(this.gateway.port(), this.alice));
		this.bobClient = track(ChatClient.loggedIn(this.gateway.port(), this.bob));
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
	}

	ChatClient track(ChatClient client) {
		this.clients.add(client);
		return client;
	}

	ChatClient fresh() {
		return track(ChatClient.connect(this.gateway.port()));
	}

	/** Alice and Bob can still chat, and nothing of the bad input was stored. */
	void othersUnaffected() {
		long clientId = this.aliceClient.sendTo(SessionType.ST_Single, this.bob.id(), "still fine");
		this.aliceClient.awaitAck(clientId);
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.bobClient.pushes()
				.stream()
				.anyMatch((m) -> m.getContent().toStringUtf8().equals("still fine")));
	}

	@Test
	void malformedFrameIsAnswered() {
		ChatClient client = fresh();
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
		ChatClient client = fresh();
		client.sendText("{\"type\": 1}");
		assertThat(client.awaitError(1001).getCodeMsg()).contains("text frames are not supported");
		// errors carry type CT_UnKnow, which upstream clients pass over
		assertThat(client.errors()).extracting(Output::getType).containsOnly(CmdType.CT_UnKnow);
	}

	@Test
	void frameOverTheSizeCapIsAnsweredAndTheConnectionClosed() {
		ChatClient client = fresh();
		try {
			client.sendRaw(new byte[64 * 1024 + 1]);
		}
		catch (java.util.concurrent.CompletionException ex) {
			// the node may answer and close before the client finished writing the frame
		}
		assertThat(client.awaitError(1001).getCodeMsg()).contains("bad frame");
		await().atMost(ChatClient.TIMEOUT).until(client::isClosed);
		othersUnaffected();
	}

	@Test
	void frameAtTheSizeCapIsAccepted() {
		Message big = ChatClient.message(SessionType.ST_Single, this.bob.id(), this.alice.id(), "")
			.toBuilder()
			.setContent(ByteString.copyFrom(new byte[60 * 1024]))
			.build();
		long clientId = this.aliceClient.nextClientId();
		this.aliceClient.sendUp(clientId, big);
		this.aliceClient.awaitAck(clientId);
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.bobClient.pushes().stream().anyMatch((m) -> m.getContent().size() == 60 * 1024));
	}

	@Test
	void commandsBeforeLoginAreRefused() {
		ChatClient client = fresh();
		client.send(CmdType.CT_Heartbeat, HeartbeatMsg.getDefaultInstance());
		client.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(0).build());
		client.sendUp(1, ChatClient.message(SessionType.ST_Single, this.bob.id(), this.alice.id(), "sneaky"));
		await().atMost(ChatClient.TIMEOUT).until(() -> client.errors().size() == 3);
		assertThat(client.errors()).extracting(Output::getCode).containsOnly(1000);
		assertThat(client.syncs()).isEmpty();
		othersUnaffected();
		assertThat(this.bobClient.pushes()).noneMatch((m) -> m.getContent().toStringUtf8().equals("sneaky"));
	}

	@Test
	void badTokenIsRefused() {
		ChatClient client = fresh();
		client.send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8("not-a-token")).build());
		assertThat(client.awaitError(1003).getCodeMsg()).contains("invalid token");
		client.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(0).build());
		client.awaitError(1000);
	}

	@Test
	void forgedSenderIsRefused() {
		long clientId = this.aliceClient.nextClientId();
		this.aliceClient.sendUp(clientId,
				ChatClient.message(SessionType.ST_Single, this.alice.id(), this.bob.id(), "as bob"));
		Output error = this.aliceClient.awaitError(1002);
		assertThat(error.getCodeMsg()).contains("is not the logged-in user");
		othersUnaffected();
		assertThat(storedContents(this.alice.id())).doesNotContain("as bob");
	}

	@Test
	void messageToUnknownUserIsRefused() {
		this.aliceClient.sendTo(SessionType.ST_Single, Long.MAX_VALUE - 7, "nobody");
		assertThat(this.aliceClient.awaitError(1005).getCodeMsg()).contains("no such user");
		othersUnaffected();
		assertThat(storedContents(this.alice.id())).doesNotContain("nobody");
	}

	@Test
	void messageToUnknownGroupIsRefused() {
		this.aliceClient.sendTo(SessionType.ST_Group, Long.MAX_VALUE - 7, "no group");
		assertThat(this.aliceClient.awaitError(1005).getCodeMsg()).contains("no such group");
		othersUnaffected();
	}

	@Test
	void nonMemberCannotPostToAGroup() {
		User carol = this.api.register();
		long groupId = this.api.createGroup(this.bob, List.of(carol));
		this.aliceClient.sendTo(SessionType.ST_Group, groupId, "let me in");
		assertThat(this.aliceClient.awaitError(1003).getCodeMsg()).contains("not a member");
		othersUnaffected();
		// through the (user_id, seq) index: the table may hold millions of rows
		assertThat(this.jdbc
			.sql("SELECT COUNT(*) FROM message WHERE user_id IN (?, ?, ?) AND session_type = 2 AND receiver_id = ?")
			.params(this.alice.id(), this.bob.id(), carol.id(), groupId)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void messageToYourselfAndUnknownSessionTypeAreRefused() {
		this.aliceClient.sendTo(SessionType.ST_Single, this.alice.id(), "me");
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("to yourself");
		long clientId = this.aliceClient.nextClientId();
		this.aliceClient.sendUp(clientId,
				ChatClient.message(SessionType.ST_UnKnow, this.bob.id(), this.alice.id(), "?"));
		this.aliceClient.awaitError((e) -> e.getCodeMsg().contains("session_type 0"));
		othersUnaffected();
	}

	@Test
	void refusedMessageNamesItsClientIdAndDoesNotBlockTheNext() throws Exception {
		long refused = this.aliceClient.sendTo(SessionType.ST_Single, Long.MAX_VALUE - 7, "nobody");
		Output error = this.aliceClient.awaitError(1005);
		assertThat(io.gochat.protocol.ACKMsg.parseFrom(error.getData()).getClientId()).isEqualTo(refused);
		othersUnaffected();
	}

	@Test
	void clientIdOutOfOrderIsAnsweredAndNotProcessed() {
		this.aliceClient.sendUp(5, ChatClient.message(SessionType.ST_Single, this.bob.id(), this.alice.id(), "gap"));
		assertThat(this.aliceClient.awaitError(1001).getCodeMsg()).contains("clientId 5 out of order (expected: 1)");
		othersUnaffected();
		assertThat(this.bobClient.pushes()).noneMatch((m) -> m.getContent().toStringUtf8().equals("gap"));
	}

	private List<String> storedContents(long userId) {
		return this.jdbc.sql("SELECT content FROM message WHERE user_id = ?")
			.param(userId)
			.query((rs, row) -> new String(rs.getBytes("content"), java.nio.charset.StandardCharsets.UTF_8))
			.list();
	}

}
