package io.gochat.sequence;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Seq settings ({@code app.seq.*}).
 *
 * @param reseedMargin added to a user's highest stored seq when the user's Redis counter
 * was lost, to step over copies still waiting in the persistence queue (default 10000);
 * should exceed the most copies one user can have waiting there
 */
@Validated
@ConfigurationProperties("app.seq")
record SeqProperties(@Min(0) @Max(1_000_000_000_000L) long reseedMargin) {
}
