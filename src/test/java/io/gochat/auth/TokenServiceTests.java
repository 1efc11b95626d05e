package io.gochat.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.gochat.mode.AppMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TokenServiceTests {

	static final Instant NOW = Instant.parse("2026-11-27T00:00:00Z");

	static final SigningKey KEY = SigningKey.resolve("gooooIM", "test", AppMode.CLUSTER, Path.of("unused"));

	JwtProperties properties = new JwtProperties(null, Duration.ofHours(720), Duration.ofHours(720),
			Duration.ofMinutes(1));

	Set<Long> registered = new HashSet<>(Set.of(7L, 9L, 42L));

	Map<Long, Long> versions = new HashMap<>();

	TokenVersions memoryVersions = new TokenVersions() {

		@Override
		public long current(long userId) {
			return TokenServiceTests.this.versions.getOrDefault(userId, 0L);
		}

		@Override
		public long increment(long userId) {
			return TokenServiceTests.this.versions.merge(userId, 1L, Long::sum);
		}

	};

	TokenService tokens = at(NOW);

	TokenService at(Instant now) {
		return new TokenService(this.properties, KEY, this.registered::contains, this.memoryVersions,
				Clock.fixed(now, ZoneOffset.UTC));
	}

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
		TokenService later = at(NOW.plus(Duration.ofHours(720)).plusSeconds(1));
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> later.verify(token));
	}

	@Test
	void refusesATokenWithoutExpiry() throws Exception {
		String token = goStyleToken("gooooIM", "{\"user_id\":7}");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token))
			.withMessageContaining("exp");
	}

	@Test
	void refusesATokenValidForLongerThanTheMaximumLifetime() throws Exception {
		long exp = NOW.plus(Duration.ofHours(721)).getEpochSecond();
		String token = goStyleToken("gooooIM", "{\"user_id\":7,\"exp\":" + exp + "}");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token))
			.withMessageContaining("jwt.max-lifetime");
	}

	@Test
	void refusesATokenForAUserThatDoesNotExist() throws Exception {
		long exp = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		String token = goStyleToken("gooooIM", "{\"user_id\":999999,\"exp\":" + exp + "}");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(token))
			.withMessageContaining("no such user");
	}

	@Test
	void revokingRefusesEveryEarlierTokenButNotLaterOnes() throws Exception {
		String before = this.tokens.issue(42);
		long exp = NOW.plus(Duration.ofHours(1)).getEpochSecond();
		String goIssued = goStyleToken("gooooIM", "{\"user_id\":42,\"exp\":" + exp + "}");
		this.tokens.revokeAll(42);
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(before))
			.withMessageContaining("revoked");
		assertThatExceptionOfType(InvalidTokenException.class).isThrownBy(() -> this.tokens.verify(goIssued));
		assertThat(this.tokens.verify(this.tokens.issue(42))).isEqualTo(42);
		assertThat(this.tokens.verify(this.tokens.issue(9))).isEqualTo(9);
	}

}
