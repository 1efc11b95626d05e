package io.gochat.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Push order settings ({@code app.push-order.*}): how a connection puts back in seq order
 * the pushes that reach it from several nodes (ADR 2).
 *
 * @param hold how long a push may wait for a lower seq that has not arrived (still on its
 * way from another node, or never coming); after that the missing seq is given up on and
 * the push delivered (default 30 s). Only pushes behind a gap wait; a seq that never
 * comes delays the connection's next pushes by this much once
 * @param maxHeld how far ahead of the seq expected next a push may be held; a push
 * further ahead gives up on everything missing below it at once (default 4096)
 */
@Validated
@ConfigurationProperties("app.push-order")
record PushOrderProperties(@NotNull Duration hold, @Min(16) @Max(1_000_000) int maxHeld) {

	PushOrderProperties {
		if (hold != null && (hold.toMillis() < 1 || hold.toMinutes() > 1)) {
			throw new IllegalArgumentException("app.push-order.hold: " + hold + " (expected: 1ms to 1m)");
		}
	}

	/** The defaults, for tests of other things. */
	static PushOrderProperties defaults() {
		return new PushOrderProperties(Duration.ofSeconds(30), 4096);
	}

}
