package io.gochat.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Downstream ACK settings ({@code app.push-ack.*}), for connections that acknowledge
 * their pushes ({@code Input{CT_ACK, ACKMsg{AT_Push, seq}}}); other connections are not
 * affected.
 *
 * @param timeout how long a push waits for its ACK before it is sent again; doubled at
 * each retransmit (default 5 s)
 * @param maxRetransmits retransmits of one push before the connection is closed, so the
 * client reconnects and syncs (default 3)
 * @param maxUnacked pushes that may wait for their ACK on one connection; one more closes
 * it (default 1024)
 */
@Validated
@ConfigurationProperties("app.push-ack")
record PushAckProperties(@NotNull Duration timeout, @Min(0) @Max(100) int maxRetransmits,
		@Min(1) @Max(1_000_000) int maxUnacked) {

	PushAckProperties {
		if (timeout != null && (timeout.toMillis() < 10 || timeout.toHours() > 1)) {
			throw new IllegalArgumentException("app.push-ack.timeout: " + timeout + " (expected: 10ms to 1h)");
		}
	}

}
