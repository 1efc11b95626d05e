package io.gochat.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.google.protobuf.ByteString;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;

/**
 * Many cheap logged-in connections for tests about connection counts: one shared
 * {@link HttpClient} for all of them, tokens signed with the nodes' {@code jwt.sign-key},
 * and nothing read but the login answer.
 */
public final class LoginOnlyClients implements AutoCloseable {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<WebSocket> sockets = new ArrayList<>();

	private final Algorithm key;

	public LoginOnlyClients(String signKey) {
		this.key = Algorithm.HMAC256(signKey);
	}

	public String token(long userId) {
		return JWT.create()
			.withClaim("user_id", userId)
			.withExpiresAt(Instant.now().plus(Duration.ofHours(1)))
			.sign(this.key);
	}

	/**
	 * Connects to {@code wsUrl} and logs in as {@code userId}; returns once the node
	 * answered the login.
	 */
	public void login(String wsUrl, long userId) throws Exception {
		CompletableFuture<Void> answered = new CompletableFuture<>();
		WebSocket socket = this.http.newWebSocketBuilder().buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
			@Override
			public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
				answered.complete(null);
				webSocket.request(1);
				return null;
			}
		}).get(10, TimeUnit.SECONDS);
		synchronized (this.sockets) {
			this.sockets.add(socket);
		}
		byte[] login = Input.newBuilder()
			.setType(CmdType.CT_Login)
			.setData(LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(token(userId))).build().toByteString())
			.build()
			.toByteArray();
		socket.sendBinary(ByteBuffer.wrap(login), true).get(10, TimeUnit.SECONDS);
		answered.get(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		synchronized (this.sockets) {
			for (WebSocket socket : this.sockets) {
				socket.abort();
			}
			this.sockets.clear();
		}
	}

}
