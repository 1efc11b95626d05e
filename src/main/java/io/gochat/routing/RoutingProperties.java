package io.gochat.routing;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Node selection settings ({@code app.route.*}).
 *
 * @param websocketUrl the WebSocket URL {@code GET /route} hands out for this node; empty
 * (the default) means {@code ws://<app.ip>:<websocket port>/ws}. Set it when clients
 * reach the node through a proxy or another name.
 * @param reportInterval how often a node publishes its connection count (default 1s)
 */
@Validated
@ConfigurationProperties("app.route")
record RoutingProperties(String websocketUrl, @NotNull Duration reportInterval) {

	RoutingProperties {
		if (websocketUrl != null && !websocketUrl.isBlank() && !websocketUrl.matches("wss?://.+")) {
			throw new IllegalArgumentException(
					"app.route.websocket-url: " + websocketUrl + " (expected: ws://... or wss://...)");
		}
		if (reportInterval != null && (reportInterval.toMillis() < 100 || reportInterval.toSeconds() > 60)) {
			throw new IllegalArgumentException(
					"app.route.report-interval: " + reportInterval + " (expected: 100ms to 60s)");
		}
	}

}
