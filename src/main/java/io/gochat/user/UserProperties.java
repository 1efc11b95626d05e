package io.gochat.user;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Account settings ({@code app.*}).
 *
 * @param passwordStrength BCrypt work factor (default 10); each step doubles the cost of
 * a registration and a login
 */
@Validated
@ConfigurationProperties("app")
record UserProperties(@Min(4) @Max(31) int passwordStrength) {
}
