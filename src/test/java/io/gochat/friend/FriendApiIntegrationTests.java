package io.gochat.friend;

import java.util.Map;

import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class FriendApiIntegrationTests {

	@LocalServerPort
	int port;

	GoChatApi api;

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.port);
	}

	Map<String, Object> add(User caller, Object friendId) {
		return this.api.post("/friend/add", caller.token(), Map.of("friend_id", friendId));
	}

	@Test
	void addsAFriendOnceInEitherDirection() {
		User alice = this.api.register();
		User bob = this.api.register();
		assertThat(add(alice, bob.id())).containsEntry("code", 200).doesNotContainKey("data");
		assertThat(add(alice, bob.id())).containsEntry("code", -1).containsEntry("msg", "already friends");
		assertThat(add(bob, alice.id())).containsEntry("code", -1).containsEntry("msg", "already friends");
	}

	@Test
	void refusesSelfUnknownAndMalformedIds() {
		User alice = this.api.register();
		assertThat(add(alice, alice.id())).containsEntry("code", -1);
		assertThat(add(alice, Long.MAX_VALUE - 3)).containsEntry("code", -1);
		assertThat((String) add(alice, "abc").get("msg")).contains("friend_id");
		assertThat(add(alice, -4)).containsEntry("code", -1);
		assertThat(this.api.post("/friend/add", alice.token(), Map.of())).containsEntry("code", -1);
	}

	@Test
	void requiresAValidToken() {
		User bob = this.api.register();
		assertThat(this.api.post("/friend/add", null, Map.of("friend_id", bob.id()))).containsEntry("code", -1)
			.containsEntry("msg", "missing token");
		assertThat((String) this.api.post("/friend/add", "forged.token.here", Map.of("friend_id", bob.id())).get("msg"))
			.startsWith("invalid token");
		// a token signed with another key
		String foreign = com.auth0.jwt.JWT.create()
			.withClaim("user_id", bob.id())
			.sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("another key"));
		assertThat(this.api.post("/friend/add", foreign, Map.of("friend_id", bob.id()))).containsEntry("code", -1);
	}

}
