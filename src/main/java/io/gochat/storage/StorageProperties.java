package io.gochat.storage;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * Persistence settings ({@code app.persistence.*}).
 *
 * @param consumers concurrent RabbitMQ consumers writing to the database (default 2)
 * @param batchSize deliveries handed to the writer at once (default 50); each is one
 * message, with one copy per owner
 * @param rowsPerTransaction copies written in one transaction at most, unless one
 * delivery alone has more (default 5000)
 * @param maxAttempts tries of a delivery the database refuses before it is dead-lettered
 * (default 3)
 * @param confirmTimeout how long a publish waits for the broker's confirm (default 5 s)
 */
@Validated
@ConfigurationProperties("app.persistence")
record StorageProperties(@Min(1) @Max(64) int consumers, @Min(1) @Max(10_000) int batchSize,
		@Min(1) @Max(1_000_000) int rowsPerTransaction, @Min(1) @Max(100) int maxAttempts,
		@NotNull Duration confirmTimeout) {
}
