package io.gochat.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.gochat.node.Refusals;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginAttemptsTests {

	MutableClock clock = new MutableClock();

	Refusals refusals = Refusals.inMemory();

	LoginAttempts attempts = new LoginAttempts(
			new UserLimits(5, 100, 2, Duration.ofSeconds(1), Duration.ofSeconds(8), 3, 1, 4, 2, Duration.ofSeconds(5)),
			this.refusals, this.clock);

	@Test
	void refusesLoginsFromOneAddressOverItsRate() {
		for (int i = 0; i < 5; i++) {
			this.attempts.beforeLogin("1380000000" + i, "10.0.0.1");
		}
		assertThatThrownBy(() -> this.attempts.beforeLogin("13800000009", "10.0.0.1"))
			.isInstanceOfSatisfying(GoChatException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED))
			.hasMessageContaining("too many logins from your address");
		// another address is not affected
		this.attempts.beforeLogin("13800000009", "10.0.0.2");
		assertThat(this.refusals.counted("logins-per-address-per-minute")).isEqualTo(1);
	}

	@Test
	void backOffDoublesAfterTheFreeFailuresAndASuccessResetsIt() {
		String phone = "13800000001";
		this.attempts.loginFailed(phone);
		this.attempts.loginFailed(phone);
		this.attempts.beforeLogin(phone, "a");
		this.attempts.loginFailed(phone);
		assertThatThrownBy(() -> this.attempts.beforeLogin(phone, "b")).hasMessageContaining("try again in 1 s");
		this.clock.advance(Duration.ofMillis(1001));
		this.attempts.beforeLogin(phone, "c");
		this.attempts.loginFailed(phone);
		assertThatThrownBy(() -> this.attempts.beforeLogin(phone, "d")).hasMessageContaining("try again in 2 s");
		for (int i = 0; i < 10; i++) {
			this.attempts.loginFailed(phone);
		}
		// capped at the maximum
		assertThatThrownBy(() -> this.attempts.beforeLogin(phone, "e")).hasMessageContaining("try again in 8 s");
		this.clock.advance(Duration.ofSeconds(9));
		this.attempts.loginSucceeded(phone);
		this.attempts.loginFailed(phone);
		this.attempts.beforeLogin(phone, "f");
		assertThat(this.refusals.counted("login-backoff")).isEqualTo(3);
	}

	@Test
	void refusesRegistrationsFromOneAddressOverItsRate() {
		for (int i = 0; i < 3; i++) {
			this.attempts.beforeRegistration("10.0.0.1");
		}
		assertThatThrownBy(() -> this.attempts.beforeRegistration("10.0.0.1"))
			.hasMessageContaining("too many registrations");
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

	}

}
