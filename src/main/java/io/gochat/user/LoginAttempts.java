package io.gochat.user;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.gochat.node.Refusals;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The rate limits of {@code /login} and {@code /register}: token buckets per remote
 * address and per phone number, and a back-off per phone number that doubles with each
 * wrong password after the first few. State is kept for at most
 * {@value #MAX_TRACKED_KEYS} addresses and phone numbers each, forgotten an hour after
 * last use, so a flood of distinct keys cannot fill the heap.
 */
@Component
class LoginAttempts {

	static final int MAX_TRACKED_KEYS = 100_000;

	private static final Logger log = LoggerFactory.getLogger(LoginAttempts.class);

	private final UserLimits limits;

	private final Refusals refusals;

	private final Clock clock;

	private final Cache<String, Bucket> loginsByAddress = tracker();

	private final Cache<String, Bucket> loginsByPhone = tracker();

	private final Cache<String, Bucket> registrationsByAddress = tracker();

	private final Cache<String, Failures> failuresByPhone = tracker();

	LoginAttempts(UserLimits limits, Refusals refusals, Clock clock) {
		this.limits = limits;
		this.refusals = refusals;
		this.clock = clock;
	}

	private static <V> Cache<String, V> tracker() {
		return Caffeine.newBuilder().maximumSize(MAX_TRACKED_KEYS).expireAfterAccess(1, TimeUnit.HOURS).build();
	}

	/**
	 * Lets a login attempt through, or refuses it.
	 * @throws GoChatException with {@link ErrorCode#RATE_LIMITED} when the address or the
	 * phone number is over its rate, or the phone number is backing off
	 */
	void beforeLogin(String phoneNumber, String address) {
		Failures failures = this.failuresByPhone.getIfPresent(phoneNumber);
		long now = this.clock.millis();
		if (failures != null && failures.blockedUntilMillis > now) {
			long seconds = Math.max(1, (failures.blockedUntilMillis - now + 999) / 1000);
			throw refused("login-backoff",
					"too many wrong passwords for this phone number: try again in " + seconds + " s");
		}
		take(this.loginsByAddress, address, this.limits.loginsPerAddressPerMinute(), Duration.ofMinutes(1),
				"logins-per-address-per-minute", "too many logins from your address: try again in a minute");
		take(this.loginsByPhone, phoneNumber, this.limits.loginsPerPhonePerMinute(), Duration.ofMinutes(1),
				"logins-per-phone-per-minute", "too many logins for this phone number: try again in a minute");
	}

	/** A wrong phone number or password: the back-off grows. */
	void loginFailed(String phoneNumber) {
		Failures failures = this.failuresByPhone.get(phoneNumber, (key) -> new Failures());
		synchronized (failures) {
			failures.count++;
			int over = failures.count - this.limits.loginFailuresBeforeBackoff();
			if (over > 0) {
				Duration wait = this.limits.loginBackoff().multipliedBy(1L << Math.min(over - 1, 30));
				if (wait.compareTo(this.limits.loginBackoffMax()) > 0 || wait.isNegative()) {
					wait = this.limits.loginBackoffMax();
				}
				failures.blockedUntilMillis = this.clock.millis() + wait.toMillis();
			}
		}
	}

	/** A successful login: the phone number's back-off is forgotten. */
	void loginSucceeded(String phoneNumber) {
		this.failuresByPhone.invalidate(phoneNumber);
	}

	/**
	 * Lets a registration through, or refuses it.
	 * @throws GoChatException with {@link ErrorCode#RATE_LIMITED} when the address is
	 * over its rate
	 */
	void beforeRegistration(String address) {
		take(this.registrationsByAddress, address, this.limits.registrationsPerAddressPerHour(), Duration.ofHours(1),
				"registrations-per-address-per-hour", "too many registrations from your address: try again later");
	}

	private void take(Cache<String, Bucket> buckets, String key, int capacity, Duration period, String limit,
			String message) {
		Bucket bucket = buckets.get(key,
				(k) -> Bucket.builder()
					.addLimit((bandwidth) -> bandwidth.capacity(capacity).refillGreedy(capacity, period))
					.build());
		if (!bucket.tryConsume(1)) {
			throw refused(limit, message);
		}
	}

	private GoChatException refused(String limit, String message) {
		this.refusals.count(limit);
		log.debug("Refused: {}", message);
		return new GoChatException(ErrorCode.RATE_LIMITED, message);
	}

	private static final class Failures {

		volatile int count;

		volatile long blockedUntilMillis;

	}

}
