package io.gochat.cluster;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * etcd settings ({@code etcd.*}).
 *
 * @param endpoints etcd client URLs (default {@code http://localhost:2379})
 * @param timeout how long one etcd request may take; a bare number means seconds (default
 * 5)
 */
@Validated
@ConfigurationProperties("etcd")
record EtcdProperties(@NotEmpty List<String> endpoints, @NotNull @DurationUnit(ChronoUnit.SECONDS) Duration timeout) {

	EtcdProperties {
		if (endpoints != null) {
			endpoints = endpoints.stream()
				.map((endpoint) -> endpoint.contains("://") ? endpoint : "http://" + endpoint)
				.toList();
		}
	}

}
