package io.gochat.gateway;

import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IntegrationTest
@TestPropertySource(properties = { "app.heartbeat-timeout=2", "app.heartbeat-interval=1" })
class HeartbeatIntegrationTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	GatewayServer gateway;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void idleConnectionsAreClosedAndTheirRoutesRemoved() {
		GoChatApi.User user = new GoChatApi(this.httpPort).register();
		try (ChatClient idle = ChatClient.loggedIn(this.gateway.port(), user);
				ChatClient neverLoggedIn = ChatClient.connect(this.gateway.port())) {
			assertThat(this.redis.hasKey("user_online_" + user.id())).isTrue();
			await().atMost(ChatClient.TIMEOUT).until(() -> idle.isClosed() && neverLoggedIn.isClosed());
			await().atMost(ChatClient.TIMEOUT).until(() -> !this.redis.hasKey("user_online_" + user.id()));
		}
	}

	@Test
	void heartbeatsKeepAConnectionOpen() throws Exception {
		GoChatApi.User user = new GoChatApi(this.httpPort).register();
		try (ChatClient client = ChatClient.loggedIn(this.gateway.port(), user)) {
			long end = System.currentTimeMillis() + 4500;
			while (System.currentTimeMillis() < end) {
				client.send(io.gochat.protocol.CmdType.CT_Heartbeat,
						io.gochat.protocol.HeartbeatMsg.getDefaultInstance());
				await().pollDelay(java.time.Duration.ofMillis(500)).until(() -> true);
			}
			assertThat(client.isClosed()).isFalse();
			assertThat(client.errors()).isEmpty();
		}
	}

}
