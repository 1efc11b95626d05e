package io.gochat.user;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.gochat.support.GoChatApi;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Login takes as long for an unknown phone number as for a registered one, so that the
 * time of the answer does not tell which numbers have accounts. Measured with the default
 * BCrypt work factor, where one hash costs tens of milliseconds (upstream: ≈150 ms known,
 * ≈5 ms unknown).
 */
@IntegrationTest
// the timing is measured without the login rate limits and back-off, which would answer
// repeated wrong passwords early (HostileClientsIntegrationTests covers them)
@TestPropertySource(properties = { "app.password-strength=10", "app.limits.logins-per-phone-per-minute=100000",
		"app.limits.login-failures-before-backoff=100000" })
class LoginTimingIntegrationTests {

	/**
	 * Medians of the two kinds of login may differ by at most this fraction (the machine
	 * is shared and noisy; before the fix they differed thirtyfold).
	 */
	static final double TOLERANCE = 0.40;

	static final int ROUNDS = 21;

	@LocalServerPort
	int port;

	@Test
	void unknownPhoneNumberTakesAsLongAsAKnownOne() {
		GoChatApi api = new GoChatApi(this.port);
		GoChatApi.User user = api.register();
		String unknownPhone = GoChatApi.newPhoneNumber();
		for (int i = 0; i < 3; i++) {
			login(api, user.phoneNumber());
			login(api, unknownPhone);
		}
		List<Long> known = new ArrayList<>();
		List<Long> unknown = new ArrayList<>();
		for (int i = 0; i < ROUNDS; i++) {
			// alternate which goes first, so that neither always follows the other
			if (i % 2 == 0) {
				known.add(login(api, user.phoneNumber()));
				unknown.add(login(api, unknownPhone));
			}
			else {
				unknown.add(login(api, unknownPhone));
				known.add(login(api, user.phoneNumber()));
			}
		}
		double knownMillis = median(known) / 1e6;
		double unknownMillis = median(unknown) / 1e6;
		System.out.printf("LOGIN TIMING: median known %.1f ms, unknown %.1f ms (%d rounds)%n", knownMillis,
				unknownMillis, ROUNDS);
		// the hash dominates the answer, else this test could not tell anything
		assertThat(knownMillis).isGreaterThan(10);
		assertThat(unknownMillis).isBetween(knownMillis * (1 - TOLERANCE), knownMillis * (1 + TOLERANCE));
	}

	/**
	 * A login with a wrong password; returns how long the answer took, in nanoseconds.
	 */
	static long login(GoChatApi api, String phone) {
		long start = System.nanoTime();
		Map<String, Object> answer = api.post("/login", null, Map.of("phone_number", phone, "password", "wrong"));
		long elapsed = System.nanoTime() - start;
		assertThat(answer).containsEntry("msg", "wrong phone number or password");
		return elapsed;
	}

	static long median(List<Long> values) {
		List<Long> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		return sorted.get(sorted.size() / 2);
	}

}
