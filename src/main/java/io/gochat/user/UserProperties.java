package io.gochat.user;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Account settings ({@code app.*}).
 *
 * @param passwordStrength BCrypt work factor (default 10); each step doubles the cost of
 * a registration and a login
 * @param minPasswordLength fewest characters a new password may have (default 3, so that
 * upstream's benchmark password {@code 123} works; 10 or more recommended in production).
 * Checked at registration only: existing accounts keep logging in.
 */
@Validated
@ConfigurationProperties("app")
record UserProperties(@Min(4) @Max(31) int passwordStrength,
		@DefaultValue("3") @Min(1) @Max(UserController.MAX_PASSWORD_BYTES) int minPasswordLength) {
}
