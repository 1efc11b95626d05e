package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
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
 * Bad input over real sockets in cluster mode: frames the WebSocket decoder refuses or
 * takes at its limit, and refusals that depend on MySQL and Redis. Every case, these
 * included, runs without services and sockets in {@link BadInputTests}.
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
	void messageToUnknownUserIsRefused() {
		this.aliceClient.sendTo(SessionType.ST_Single, Long.MAX_VALUE - 7, "nobody");
		assertThat(this.aliceClient.awaitError(1005).getCodeMsg()).contains("no such user");
		othersUnaffected();
		assertThat(storedContents(this.alice.id())).doesNotContain("nobody");
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

	private List<String> storedContents(long userId) {
		return this.jdbc.sql("SELECT content FROM message WHERE user_id = ?")
			.param(userId)
			.query((rs, row) -> new String(rs.getBytes("content"), java.nio.charset.StandardCharsets.UTF_8))
			.list();
	}

}
