package io.gochat.user;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of {@code /login} and {@code /register} ({@code app.limits.*});
 * docs/security.md, section "Limits", says what each protects. Refusals answer
 * {@code {"code": -1, "msg": ...}} and are counted as
 * {@code gochat.limits.refused{limit=<name>}}.
 *
 * @param loginsPerAddressPerMinute login attempts from one remote address a minute (token
 * bucket of that capacity; default 1000)
 * @param loginsPerPhonePerMinute login attempts for one phone number a minute (default
 * 20)
 * @param loginFailuresBeforeBackoff wrong passwords for a phone number answered without
 * delay (default 3)
 * @param loginBackoff wait imposed after the next failure; it doubles with each further
 * one (default 1 s)
 * @param loginBackoffMax the longest wait (default 5 min); a successful login resets it
 * @param registrationsPerAddressPerHour registrations from one remote address an hour
 * (default 1000)
 * @param hashingThreads threads hashing passwords (BCrypt): a login flood takes at most
 * these cores from chat (default 1)
 * @param hashingQueue logins and registrations that may wait for a hashing thread; more
 * are refused at once (default 128)
 * @param hashingQueuePerAddress of those, how many may come from one remote address
 * (default 32); addresses are served in turn, so a flood waits behind itself
 * @param hashingTimeout how long a request waits for its hash before it is refused
 * (default 5 s)
 */
@Validated
@ConfigurationProperties("app.limits")
record UserLimits(@Min(1) int loginsPerAddressPerMinute, @Min(1) int loginsPerPhonePerMinute,
		@Min(0) int loginFailuresBeforeBackoff, @NotNull Duration loginBackoff, @NotNull Duration loginBackoffMax,
		@Min(1) int registrationsPerAddressPerHour, @Min(1) @Max(256) int hashingThreads,
		@Min(1) @Max(100_000) int hashingQueue, @Min(1) @Max(100_000) int hashingQueuePerAddress,
		@NotNull Duration hashingTimeout) {

	UserLimits {
		if (loginBackoff != null && loginBackoff.isNegative()) {
			throw new IllegalArgumentException("app.limits.login-backoff: " + loginBackoff + " (expected: >= 0)");
		}
		if (loginBackoffMax != null && loginBackoff != null && loginBackoffMax.compareTo(loginBackoff) < 0) {
			throw new IllegalArgumentException(
					"app.limits.login-backoff-max: " + loginBackoffMax + " (expected: >= app.limits.login-backoff)");
		}
		if (hashingQueuePerAddress > hashingQueue) {
			throw new IllegalArgumentException("app.limits.hashing-queue-per-address: " + hashingQueuePerAddress
					+ " (expected: <= app.limits.hashing-queue, " + hashingQueue + ")");
		}
		if (hashingTimeout != null && hashingTimeout.toMillis() <= 0) {
			throw new IllegalArgumentException("app.limits.hashing-timeout: " + hashingTimeout + " (expected: > 0)");
		}
	}

}
