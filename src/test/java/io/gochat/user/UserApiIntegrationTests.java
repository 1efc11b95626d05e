package io.gochat.user;

import java.util.Map;

import io.gochat.support.GoChatApi;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class UserApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	GoChatApi api;

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.port);
	}

	@Test
	void registerReturnsTokenAndIdAsString() {
		String phone = GoChatApi.newPhoneNumber();
		Map<String, Object> response = this.api.post("/register", null,
				Map.of("phone_number", phone, "nickname", "alice", "password", "pwd"));
		assertThat(response).containsEntry("code", 200).containsKey("msg");
		Map<?, ?> data = (Map<?, ?>) response.get("data");
		assertThat((String) data.get("id")).matches("[1-9][0-9]*");
		assertThat((String) data.get("token")).isNotBlank();
	}

	@Test
	void passwordIsStoredAsBcryptHash() {
		GoChatApi.User user = this.api.register();
		String stored = this.jdbc.sql("SELECT password FROM `user` WHERE id = ?")
			.param(user.id())
			.query(String.class)
			.single();
		assertThat(stored).startsWith("$2").doesNotContain("secret");
	}

	@Test
	void samePhoneNumberCannotRegisterTwiceEvenWithAnotherNickname() {
		String phone = GoChatApi.newPhoneNumber();
		this.api.post("/register", null, Map.of("phone_number", phone, "nickname", "a", "password", "pwd"));
		Map<String, Object> again = this.api.post("/register", null,
				Map.of("phone_number", phone, "nickname", "b", "password", "pwd"));
		assertThat(again).containsEntry("code", -1).containsEntry("msg", "phone number already registered");
		assertThat(again).doesNotContainKey("data");
	}

	@Test
	void sameNicknameWithAnotherPhoneNumberMayRegister() {
		Map<String, Object> first = this.api.post("/register", null,
				Map.of("phone_number", GoChatApi.newPhoneNumber(), "nickname", "twin", "password", "pwd"));
		Map<String, Object> second = this.api.post("/register", null,
				Map.of("phone_number", GoChatApi.newPhoneNumber(), "nickname", "twin", "password", "pwd"));
		assertThat(first).containsEntry("code", 200);
		assertThat(second).containsEntry("code", 200);
	}

	@Test
	void registerRefusesMissingOrOversizedFields() {
		assertThat(this.api.post("/register", null, Map.of("nickname", "x", "password", "pwd"))).containsEntry("code",
				-1);
		assertThat(this.api.post("/register", null, Map.of("phone_number", GoChatApi.newPhoneNumber())))
			.containsEntry("code", -1);
		assertThat(this.api.post("/register", null,
				Map.of("phone_number", "1".repeat(21), "nickname", "x", "password", "pwd")))
			.containsEntry("code", -1);
		assertThat(this.api.post("/register", null,
				Map.of("phone_number", GoChatApi.newPhoneNumber(), "nickname", "n".repeat(21), "password", "pwd")))
			.containsEntry("code", -1);
	}

	@Test
	void loginWithRightPasswordReturnsTokenAndUserId() {
		GoChatApi.User user = this.api.register();
		Map<String, Object> response = this.api.post("/login", null,
				Map.of("phone_number", user.phoneNumber(), "password", "secret"));
		assertThat(response).containsEntry("code", 200);
		Map<?, ?> data = (Map<?, ?>) response.get("data");
		assertThat(data.get("user_id")).isEqualTo(Long.toString(user.id()));
		assertThat((String) data.get("token")).isNotBlank();
	}

	@Test
	void loginWithWrongPasswordOrUnknownPhoneIsRefused() {
		GoChatApi.User user = this.api.register();
		assertThat(this.api.post("/login", null, Map.of("phone_number", user.phoneNumber(), "password", "wrong")))
			.containsEntry("code", -1)
			.containsEntry("msg", "wrong phone number or password");
		assertThat(this.api.post("/login", null, Map.of("phone_number", GoChatApi.newPhoneNumber(), "password", "x")))
			.containsEntry("code", -1);
		assertThat(this.api.post("/login", null, Map.of())).containsEntry("code", -1);
	}

	@Test
	void unknownEndpointAndWrongMethodGetTheFailureShape() {
		assertThat(this.api.get("/no/such/thing", null)).containsEntry("code", -1);
		assertThat(this.api.get("/register", null)).containsEntry("code", -1);
	}

}
