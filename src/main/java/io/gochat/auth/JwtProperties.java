package io.gochat.auth;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

/**
 * Token settings ({@code jwt.*}).
 *
 * @param signKey the HS256 key, used as its raw UTF-8 bytes (default {@code gooooIM}, as
 * upstream, so tokens are interchangeable with Go nodes)
 * @param expireTime token lifetime; a bare number means hours (default 720)
 */
@Validated
@ConfigurationProperties("jwt")
public record JwtProperties(@NotBlank String signKey, @NotNull @DurationUnit(ChronoUnit.HOURS) Duration expireTime) {

	public JwtProperties {
		if (expireTime != null && (expireTime.isNegative() || expireTime.isZero())) {
			throw new IllegalArgumentException("jwt.expire-time: " + expireTime + " (expected: > 0)");
		}
	}

}
