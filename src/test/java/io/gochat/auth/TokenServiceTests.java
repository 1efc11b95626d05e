package io.gochat.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenServiceTests {

	static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

	JwtProperties properties = new JwtProperties("gooooIM", Duration.ofHours(720));

	TokenService tokens = new TokenService(this.properties, Clock.fixed(NOW, ZoneOffset.UTC));

	/** A token made the way upstream's Go code makes it: HS256 over the raw key bytes. */
	static String goStyleToken(String key, String payloadJson) throws Exception {
		Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
		String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8));
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		String signature = b64.encodeToString(mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8)));
		return header + "." + payload + "." + signature;
	}

	@Test
	void verifiesItsOwnTokens() {
		assertThat(this.tokens.verify(this.tokens.issue(42))).isEqualTo(42);
	}

	@Test
	void verifiesATokenSignedWithTheRawSevenByteKeyLikeUpstream() throws Exception {
		long exp = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		String token = goStyleToken("gooooIM", "{\"user_id\":7,\"exp\":" + exp + "}");
		assertThat(this.tokens.verify(token)).isEqualTo(7);
	}

	@Test
	void refusesATokenSignedWithAnotherKey() throws Exception {
		long exp = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		String token = goStyleToken("otherKey", "{\"user_id\":7,\"exp\":" + exp + "}");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token));
	}

	@Test
	void refusesAnExpiredToken() throws Exception {
		long exp = NOW.minusSeconds(1).getEpochSecond();
		String token = goStyleToken("gooooIM", "{\"user_id\":7,\"exp\":" + exp + "}");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token));
	}

	@Test
	void refusesTokensWithoutAUsableUserId() throws Exception {
		long exp = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(goStyleToken("gooooIM", "{\"exp\":" + exp + "}")));
		assertThatExceptionOfType(InvalidTokenException.class)
			.isThrownBy(() -> this.tokens.verify(goStyleToken("gooooIM", "{\"user_id\":0,\"exp\":" + exp + "}")));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(""));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(null));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify("a.b.c"));
	}

	@Test
	void issuedTokensExpireAfterTheConfiguredHours() {
		String token = this.tokens.issue(9);
		TokenService later = new TokenService(this.properties,
				Clock.fixed(NOW.plus(Duration.ofHours(720)).plusSeconds(1), ZoneOffset.UTC));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> later.verify(token));
	}

}
