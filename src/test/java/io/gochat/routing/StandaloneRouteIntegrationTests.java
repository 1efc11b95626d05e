package io.gochat.routing;

import java.util.Map;

import io.gochat.gateway.GatewayStatus;
import io.gochat.node.NodeProperties;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standalone node routes every client to itself, in the REST answer shape, and the URL
 * it answers is one a client can connect to.
 */
@StandaloneIntegrationTest
class StandaloneRouteIntegrationTests {

	@LocalServerPort
	int httpPort;

	@Autowired
	NodeProperties node;

	@Autowired
	GatewayStatus gateway;

	@Test
	void answersThisNodesWebSocketUrl() {
		Map<String, Object> route = new GoChatApi(this.httpPort).get("/route", null);
		assertThat(route).containsEntry("code", 200);
		Map<?, ?> data = (Map<?, ?>) route.get("data");
		String ws = (String) data.get("ws");
		assertThat(ws).isEqualTo("ws://127.0.0.1:" + this.gateway.port() + "/ws");
		assertThat(data.get("node")).isEqualTo(this.node.rpcAddress());
		GoChatApi.User user = new GoChatApi(this.httpPort).register();
		java.net.URI uri = java.net.URI.create(ws);
		try (ChatClient client = ChatClient.loggedIn(uri.getHost(), uri.getPort(), user)) {
			assertThat(client.isClosed()).isFalse();
		}
	}

}
