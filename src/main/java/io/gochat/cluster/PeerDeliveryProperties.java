package io.gochat.cluster;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Delivery to other nodes ({@code app.peer-delivery.*}).
 *
 * @param window calls to one peer in flight at once; more wait, in order (default 32)
 * @param queueCapacity calls that may wait for one peer; more are dropped, their users
 * get them by sync (default 10000)
 * @param callTimeout deadline of one call, after which it is retried while the peer is a
 * member (default 10 s)
 */
@Validated
@ConfigurationProperties("app.peer-delivery")
record PeerDeliveryProperties(@Min(1) @Max(10_000) int window, @Min(1) @Max(10_000_000) int queueCapacity,
		@NotNull Duration callTimeout) {
}
