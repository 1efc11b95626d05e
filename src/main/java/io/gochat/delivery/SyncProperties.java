package io.gochat.delivery;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Sync settings ({@code app.sync.*}).
 *
 * @param storageWait how long a sync waits, at most, for messages ACKed before it started
 * to reach the database (default 5 s); it then answers with what is stored
 */
@Validated
@ConfigurationProperties("app.sync")
record SyncProperties(@NotNull Duration storageWait) {
}
