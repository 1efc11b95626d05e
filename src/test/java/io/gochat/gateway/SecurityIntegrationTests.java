package io.gochat.gateway;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.ByteString;
import io.gochat.node.NodeProperties;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageReq;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What an attacker tries against one cluster node with real MariaDB, Redis and RabbitMQ:
 * forged, eternal, orphaned and revoked tokens; the gRPC port without the cluster secret;
 * actuator on the public port; bad input at registration.
 */
@IntegrationTest
class SecurityIntegrationTests {

	@LocalServerPort
	int httpPort;

	@LocalManagementPort
	int managementPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	NodeProperties node;

	@Autowired
	JdbcClient jdbc;

	GoChatApi api;

	final List<ChatClient> clients = new ArrayList<>();

	final HttpClient http = HttpClient.newHttpClient();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
	}

	static String token(String key, Long userId, Instant expiresAt) {
		var builder = JWT.create();
		if (userId != null) {
			builder.withClaim("user_id", userId);
		}
		if (expiresAt != null) {
			builder.withExpiresAt(expiresAt);
		}
		return builder.sign(Algorithm.HMAC256(key.getBytes(StandardCharsets.UTF_8)));
	}

	static Instant inAnHour() {
		return Instant.now().plus(Duration.ofHours(1));
	}

	/** A REST call that needs a token, as the holder of {@code token}. */
	Map<String, Object> addFriend(String token, User friend) {
		return this.api.post("/friend/add", token, Map.of("friend_id", friend.id()));
	}

	/** Tries to log in on the WebSocket; returns the refusal. */
	Output webSocketLoginRefused(String token) {
		ChatClient client = ChatClient.connect(this.gateway.port());
		this.clients.add(client);
		client.send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(token)).build());
		return client.awaitError(1003);
	}

	@Test
	void tokenSignedWithAnotherKeyIsRefused() {
		User victim = this.api.register();
		User friend = this.api.register();
		// upstream's published key, which this node does not use
		String forged = token("gooooIM", victim.id(), inAnHour());
		assertThat(addFriend(forged, friend)).containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.contains("invalid token");
		assertThat(webSocketLoginRefused(forged).getCodeMsg()).contains("invalid token");
		// the same claims with the node's key are accepted: the key made the difference
		assertThat(addFriend(token(IntegrationTest.SIGN_KEY, victim.id(), inAnHour()), friend)).containsEntry("code",
				200);
	}

	@Test
	void tokenWithoutExpiryIsRefused() {
		User user = this.api.register();
		User friend = this.api.register();
		String eternal = token(IntegrationTest.SIGN_KEY, user.id(), null);
		assertThat(addFriend(eternal, friend)).containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.contains("exp");
		assertThat(webSocketLoginRefused(eternal).getCodeMsg()).contains("exp");
	}

	@Test
	void tokenValidForLongerThanTheMaximumLifetimeIsRefused() {
		User user = this.api.register();
		String tooLong = token(IntegrationTest.SIGN_KEY, user.id(), Instant.now().plus(Duration.ofDays(365)));
		assertThat(addFriend(tooLong, this.api.register())).containsEntry("code", -1)
			.extractingByKey("msg")
			.asString()
			.contains("jwt.max-lifetime");
	}

	@Test
	void tokenForAnUnknownUserIsRefusedAndStoresNothing() {
		User friend = this.api.register();
		long unknown = 999_999_999_999L;
		String orphan = token(IntegrationTest.SIGN_KEY, unknown, inAnHour());
		assertThat(addFriend(orphan, friend)).containsEntry("code", -1)
			.containsEntry("msg", "invalid token: no such user");
		assertThat(webSocketLoginRefused(orphan).getCodeMsg()).isEqualTo("invalid token: no such user");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM friend WHERE user_id = ?")
			.param(unknown)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void tokenOfADeletedUserIsRefused() {
		User deleted = this.api.register();
		User friend = this.api.register();
		this.jdbc.sql("DELETE FROM `user` WHERE id = ?").param(deleted.id()).update();
		assertThat(addFriend(deleted.token(), friend)).containsEntry("code", -1)
			.containsEntry("msg", "invalid token: no such user");
		assertThat(webSocketLoginRefused(deleted.token()).getCodeMsg()).isEqualTo("invalid token: no such user");
	}

	@Test
	void logoutRevokesEveryTokenOfTheCallerOnly() {
		User user = this.api.register();
		User other = this.api.register();
		String second = (String) ((Map<?, ?>) this.api
			.post("/login", null, Map.of("phone_number", user.phoneNumber(), "password", "secret"))
			.get("data")).get("token");
		assertThat(this.api.post("/logout", user.token(), Map.of())).containsEntry("code", 200);
		for (String revoked : List.of(user.token(), second)) {
			assertThat(addFriend(revoked, other)).containsEntry("code", -1)
				.containsEntry("msg", "invalid token: revoked by logout");
			assertThat(webSocketLoginRefused(revoked).getCodeMsg()).isEqualTo("invalid token: revoked by logout");
		}
		assertThat(this.api.post("/logout", user.token(), Map.of())).containsEntry("code", -1);
		// a new login works, and other users are untouched
		String fresh = (String) ((Map<?, ?>) this.api
			.post("/login", null, Map.of("phone_number", user.phoneNumber(), "password", "secret"))
			.get("data")).get("token");
		assertThat(addFriend(fresh, other)).containsEntry("code", 200);
		ChatClient online = ChatClient.loggedIn(this.gateway.port(), new User(user.id(), fresh, user.phoneNumber()));
		this.clients.add(online);
		assertThat(addFriend(other.token(), this.api.register())).containsEntry("code", 200);
	}

	String get(int port, String path) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	@Test
	void actuatorIsOnlyOnTheManagementPortAndThePublicPortAnswersAPlainHealthCheck() throws Exception {
		assertThat(this.managementPort).isPositive().isNotEqualTo(this.httpPort);
		for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus", "/actuator/deadletters",
				"/actuator/env", "/actuator/metrics")) {
			assertThat(this.api.get(path, null)).as(path).containsEntry("code", -1);
		}
		assertThat(this.api.post("/actuator/deadletters", null, Map.of())).containsEntry("code", -1);
		assertThat(get(this.httpPort, "/healthz")).isEqualTo("{\"status\":\"UP\"}");

		assertThat(get(this.managementPort, "/actuator/prometheus")).contains("jvm_memory_used_bytes");
		assertThat(get(this.managementPort, "/actuator/deadletters")).contains("message.dead-letter.queue");
	}

	/**
	 * The header value a node sends: base64url(HMAC-SHA256(secret, "gochat pb.Connect")).
	 */
	static String clusterCredential(String secret) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(mac.doFinal("gochat pb.Connect".getBytes(StandardCharsets.UTF_8)));
	}

	double refusedCalls(String reason) throws Exception {
		Matcher matcher = Pattern
			.compile("gochat_rpc_unauthenticated_total\\{[^}]*reason=\"" + reason + "\"[^}]*\\} ([0-9.E]+)")
			.matcher(get(this.managementPort, "/actuator/prometheus"));
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	@Test
	void grpcPushWithoutTheClusterSecretIsRefusedAndCounted() throws Exception {
		User victim = this.api.register();
		ChatClient client = ChatClient.loggedIn(this.gateway.port(), victim);
		this.clients.add(client);
		double missingBefore = refusedCalls("missing");
		double wrongBefore = refusedCalls("wrong");
		ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", this.node.rpcPort())
			.usePlaintext()
			.build();
		try {
			ConnectGrpc.ConnectBlockingStub stub = ConnectGrpc.newBlockingStub(channel)
				.withDeadlineAfter(5, TimeUnit.SECONDS);
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.deliverMessage(push(victim)))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> withCredential(stub, clusterCredential("guessed")).deliverMessage(push(victim)))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			assertThat(refusedCalls("missing")).isEqualTo(missingBefore + 1);
			assertThat(refusedCalls("wrong")).isEqualTo(wrongBefore + 1);

			// with the secret the node derives from its token key, the same call delivers
			withCredential(stub, clusterCredential(IntegrationTest.SIGN_KEY)).deliverMessage(push(victim));
			org.awaitility.Awaitility.await().atMost(ChatClient.TIMEOUT).until(() -> !client.pushes().isEmpty());
			assertThat(client.pushes()).hasSize(1)
				.allSatisfy((message) -> assertThat(message.getContent().toStringUtf8()).isEqualTo("pushed"));
		}
		finally {
			channel.shutdownNow();
		}
	}

	static ConnectGrpc.ConnectBlockingStub withCredential(ConnectGrpc.ConnectBlockingStub stub, String credential) {
		Metadata headers = new Metadata();
		headers.put(Metadata.Key.of("gochat-cluster-auth", Metadata.ASCII_STRING_MARSHALLER), credential);
		return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
	}

	static DeliverMessageReq push(User receiver) {
		Output output = Output.newBuilder()
			.setType(CmdType.CT_Message)
			.setCode(200)
			.setData(PushMsg.newBuilder()
				.setMsg(ChatClient.message(SessionType.ST_Single, receiver.id(), 1, "pushed"))
				.build()
				.toByteString())
			.build();
		return DeliverMessageReq.newBuilder().setReceiverId(receiver.id()).setData(output.toByteString()).build();
	}

	@Test
	void registrationRefusesBadPhoneNumbersNicknamesAndShortPasswords() {
		assertThat(register("hello-world", "alice", "secret")).containsEntry("msg",
				"phone_number must be 5 to 20 digits");
		assertThat(register("1234", "alice", "secret")).containsEntry("code", -1);
		assertThat(register(GoChatApi.newPhoneNumber(), "ali\u0000ce", "secret")).containsEntry("msg",
				"nickname contains control or formatting characters");
		assertThat(register(GoChatApi.newPhoneNumber(), "evil\u202Egnp.exe", "secret")).containsEntry("code", -1);
		assertThat(register(GoChatApi.newPhoneNumber(), "alice", "1")).containsEntry("msg",
				"password is shorter than 3 characters");
		// upstream's benchmark password, and 20 emoji (40 UTF-16 units) as a nickname
		assertThat(register(GoChatApi.newPhoneNumber(), "\uD83D\uDE00".repeat(20), "123")).containsEntry("code", 200);
		assertThat(register(GoChatApi.newPhoneNumber(), "\uD83D\uDE00".repeat(21), "123")).containsEntry("code", -1);
	}

	Map<String, Object> register(String phone, String nickname, String password) {
		return this.api.post("/register", null,
				Map.of("phone_number", phone, "nickname", nickname, "password", password));
	}

}
