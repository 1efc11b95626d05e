package io.gochat.auth;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotNull;

/**
 * Token settings ({@code jwt.*}).
 *
 * @param signKey the HS256 key, used as its raw UTF-8 bytes; no default: a cluster node
 * refuses to start without it, a standalone node generates one in {@code app.data-dir}
 * @param expireTime lifetime of the tokens this node issues; a bare number means hours
 * (default 720)
 * @param maxLifetime longest lifetime a token may have left when it is presented, whoever
 * issued it; a bare number means hours (default 720, at least {@code expireTime})
 * @param userCheckCache how long the answer "this user exists" is remembered when a token
 * is checked: a deleted user's tokens stop working within this (default 1 minute)
 */
@Validated
@ConfigurationProperties("jwt")
public record JwtProperties(@Nullable String signKey, @NotNull @DurationUnit(ChronoUnit.HOURS) Duration expireTime,
		@DefaultValue("720h") @DurationUnit(ChronoUnit.HOURS) Duration maxLifetime,
		@DefaultValue("1m") Duration userCheckCache) {

	public JwtProperties {
		if (expireTime != null && (expireTime.isNegative() || expireTime.isZero())) {
			throw new IllegalArgumentException("jwt.expire-time: " + expireTime + " (expected: > 0)");
		}
		if (expireTime != null && maxLifetime != null && maxLifetime.compareTo(expireTime) < 0) {
			throw new IllegalArgumentException(
					"jwt.max-lifetime: " + maxLifetime + " (expected: >= jwt.expire-time " + expireTime + ")");
		}
		if (userCheckCache != null && userCheckCache.isNegative()) {
			throw new IllegalArgumentException("jwt.user-check-cache: " + userCheckCache + " (expected: >= 0)");
		}
	}

}
