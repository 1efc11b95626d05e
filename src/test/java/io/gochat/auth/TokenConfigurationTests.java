package io.gochat.auth;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith(OutputCaptureExtension.class)
class TokenConfigurationTests {

	static JwtProperties jwt(String key) {
		return new JwtProperties(key, Duration.ofHours(720), Duration.ofHours(720), Duration.ofMinutes(1));
	}

	@Test
	void upstreamKeyIsAllowedWithAWarningThatNeverShowsTheKey(CapturedOutput output) {
		MockEnvironment environment = new MockEnvironment().withProperty("app.mode", "cluster")
			.withProperty("jwt.sign-key", "gooooIM");
		SigningKey key = new TokenConfiguration().signingKey(jwt("gooooIM"), environment);
		assertThat(key.upstreamKey()).isTrue();
		assertThat(output).contains("Token signing key: jwt.sign-key")
			.contains("WARN")
			.contains("upstream GoChat's published key")
			.doesNotContain("gooooIM");
	}

	@Test
	void startupNamesTheSourceOfAConfiguredKeyButNotTheKey(CapturedOutput output) {
		String secret = "a-long-and-secret-key-0123456789abcdef";
		MockEnvironment environment = new MockEnvironment().withProperty("app.mode", "cluster")
			.withProperty("jwt.sign-key", secret);
		new TokenConfiguration().signingKey(jwt(secret), environment);
		assertThat(output).contains("Token signing key: jwt.sign-key (").doesNotContain(secret).doesNotContain("WARN");
	}

}
