package io.gochat.gateway;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * WebSocket gateway settings ({@code app.*}).
 *
 * @param workerPoolSize command workers; a connection's commands run on worker
 * (connection id mod size), in arrival order (default 10, at least 10 as upstream)
 * @param maxWorkerTask queue length of each worker (default 1024, at least 1024 as
 * upstream)
 * @param heartbeatTimeout a connection idle longer than this is closed; a bare number
 * means seconds (default 600)
 * @param heartbeatInterval how often idle connections are looked for; seconds (default
 * 60)
 * @param maxFrameSize the largest accepted frame (default 64 KB)
 * @param outboundQueueLimit outputs that may wait for a slow client before it is
 * disconnected (default 4096)
 */
@Validated
@ConfigurationProperties("app")
record GatewayProperties(@Min(10) @Max(4096) int workerPoolSize, @Min(1024) int maxWorkerTask,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration heartbeatTimeout,
		@NotNull @DurationUnit(ChronoUnit.SECONDS) Duration heartbeatInterval, @NotNull DataSize maxFrameSize,
		@Min(16) int outboundQueueLimit, @Min(0) @Max(1024) int ioThreads) {

	/** Outputs packed into one downstream frame at most, as upstream. */
	static final int OUTPUTS_PER_FRAME = 50;

	/** The event-loop threads to start: {@code ioThreads}, or one per core. */
	int effectiveIoThreads() {
		return (this.ioThreads > 0) ? this.ioThreads : Runtime.getRuntime().availableProcessors();
	}

	GatewayProperties {
		if (heartbeatTimeout != null && heartbeatTimeout.toMillis() <= 0) {
			throw new IllegalArgumentException("app.heartbeat-timeout: " + heartbeatTimeout + " (expected: > 0)");
		}
		if (heartbeatInterval != null && heartbeatInterval.toMillis() <= 0) {
			throw new IllegalArgumentException("app.heartbeat-interval: " + heartbeatInterval + " (expected: > 0)");
		}
		if (maxFrameSize != null && (maxFrameSize.toBytes() < 1024 || maxFrameSize.toBytes() > 16 * 1024 * 1024)) {
			throw new IllegalArgumentException("app.max-frame-size: " + maxFrameSize + " (expected: 1KB to 16MB)");
		}
	}

}
