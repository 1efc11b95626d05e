package io.gochat.gateway;

import io.gochat.node.NodeProperties;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chat flows in cluster mode (MariaDB, Redis, RabbitMQ, etcd), plus the Redis routes.
 */
@IntegrationTest
class ClusterChatIntegrationTests extends ChatFlowTests {

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	NodeProperties node;

	@Test
	void loginSetsTheRouteAndClosingRemovesIt() {
		User user = this.api.register();
		String key = "user_online_" + user.id();
		ChatClient client = online(user);
		assertThat(this.redis.opsForValue().get(key)).isEqualTo(this.node.rpcAddress());
		assertThat(this.redis.getExpire(key)).isBetween(86_000L, 86_400L);
		client.close();
		await().atMost(ChatClient.TIMEOUT).until(() -> this.redis.opsForValue().get(key) == null);
	}

	@Test
	void staleRouteOfThisNodeDoesNotLockTheUserOut() {
		User user = this.api.register();
		// left behind by a crash of this node: no connection holds the user here
		this.redis.opsForValue().set("user_online_" + user.id(), this.node.rpcAddress());
		ChatClient client = online(user);
		assertThat(client.errors()).isEmpty();
	}

}
