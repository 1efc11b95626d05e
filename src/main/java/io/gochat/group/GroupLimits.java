package io.gochat.group;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Caps of the group endpoints ({@code app.limits.*}); docs/security.md, section "Limits".
 * Each refusal answers {@code {"code": -1, "msg": ...}} naming the cap and is counted as
 * {@code gochat.limits.refused{limit=<name>}}.
 *
 * @param maxGroupSize members of a group, the creator included (default 2000; upstream's
 * benchmark uses 500)
 * @param maxGroupsPerUser groups a user may belong to when creating another (default
 * 1000)
 * @param maxIdsPerRequest ids in one request (default 2000)
 */
@Validated
@ConfigurationProperties("app.limits")
record GroupLimits(@Min(2) @Max(1_000_000) int maxGroupSize, @Min(1) int maxGroupsPerUser,
		@Min(1) @Max(1_000_000) int maxIdsPerRequest) {
}
