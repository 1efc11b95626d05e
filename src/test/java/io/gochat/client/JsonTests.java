package io.gochat.client;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The SDK's reader of REST answers.
 */
class JsonTests {

	@Test
	void readsTheRestAnswerShape() {
		Object json = Json.parse(
				"{\"code\":200,\"msg\":\"ok\",\"data\":{\"ids\":[\"1\",\"2\"],\"big\":12345678901,\"f\":1.5,\"t\":true,\"n\":null}}");

		assertThat(json).isEqualTo(Map.of("code", 200, "msg", "ok", "data", new java.util.LinkedHashMap<>(
				Map.of("ids", List.of("1", "2"), "big", 12345678901L, "f", 1.5, "t", true)) {
			{
				put("n", null);
			}
		}));
	}

	@Test
	void decodesEscapes() {
		assertThat(Json.parse("\"a\\\"b\\\\c\\n\\u00e9\\u4e2d\"")).isEqualTo("a\"b\\c\né中");
		assertThat(Json.parse(" [ ] ")).isEqualTo(List.of());
		assertThat(Json.parse("{}")).isEqualTo(Map.of());
		assertThat(Json.parse("-1")).isEqualTo(-1);
	}

	@Test
	void refusesWhatIsNotJson() {
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("<html>"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{\"a\":1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("\"open"));
		assertThatIllegalArgumentException().isThrownBy(() -> Json.parse("{} x"));
	}

	@Test
	void readsTheUserIdFromAToken() {
		// header.payload.signature; payload {"user_id":42,"exp":1}
		String payload = java.util.Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString("{\"user_id\":42,\"exp\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

		assertThat(GoChatClient.userIdOf("e30." + payload + ".sig")).isEqualTo(42);
		assertThatIllegalArgumentException().isThrownBy(() -> GoChatClient.userIdOf("not a token"));
	}

}
