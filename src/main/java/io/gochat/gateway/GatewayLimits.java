package io.gochat.gateway;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The WebSocket gateway's limits ({@code app.limits.*}); docs/security.md, section
 * "Limits", says what each protects and how to tune it. Every refusal is counted as
 * {@code gochat.limits.refused{limit=<name>}}.
 *
 * @param outboundBytesPerConnection bytes of outputs that may wait for one slow client
 * before it is disconnected (default 4 MB)
 * @param outboundBytesPerNode bytes of outputs that may wait for all clients together; a
 * client with outputs waiting whose next one does not fit is disconnected (default 64 MB)
 * @param commandsPerConnection commands of one connection waiting for or running on its
 * worker; more are answered with code 1006 (default 256)
 * @param queuedCommandBytesPerNode bytes of frames of all connections waiting for or
 * running on a worker; more are answered with code 1004 (default 64 MB)
 * @param syncsInFlight syncs of one connection not yet answered and written out; more are
 * answered with code 1006 (default 2)
 * @param syncPageBytes content bytes in one sync answer at most (at least one message is
 * sent); {@code has_more} tells the client to ask again (default 512 KB)
 * @param messagesPerSecond up messages a connection may send a second (token bucket of
 * that capacity); more are answered with code 1006 (default 100)
 * @param syncsPerSecond syncs a connection may send a second (default 20)
 * @param loginTimeout a connection that has not logged in this long after it was accepted
 * is closed, whether it finished the HTTP upgrade or not (default 10 s)
 * @param maxConnections open WebSocket connections of this node (default 16,000: below
 * the usual 20,000 open files, with room for REST, the database and peers)
 * @param maxConnectionsPerAddress open connections from one remote address (default
 * 1,000)
 * @param maxHandshakeHeaderSize the HTTP upgrade request's headers (default 8 KB)
 */
@Validated
@ConfigurationProperties("app.limits")
record GatewayLimits(@NotNull DataSize outboundBytesPerConnection, @NotNull DataSize outboundBytesPerNode,
		@Min(1) @Max(1_000_000) int commandsPerConnection, @NotNull DataSize queuedCommandBytesPerNode,
		@Min(1) @Max(1000) int syncsInFlight, @NotNull DataSize syncPageBytes, @Min(1) int messagesPerSecond,
		@Min(1) int syncsPerSecond, @NotNull Duration loginTimeout, @Min(1) int maxConnections,
		@Min(1) int maxConnectionsPerAddress, @NotNull DataSize maxHandshakeHeaderSize) {

	GatewayLimits {
		if (outboundBytesPerConnection != null && outboundBytesPerConnection.toBytes() < 64 * 1024) {
			throw new IllegalArgumentException(
					"app.limits.outbound-bytes-per-connection: " + outboundBytesPerConnection + " (expected: >= 64KB)");
		}
		if (outboundBytesPerNode != null && outboundBytesPerConnection != null
				&& outboundBytesPerNode.toBytes() < outboundBytesPerConnection.toBytes()) {
			throw new IllegalArgumentException("app.limits.outbound-bytes-per-node: " + outboundBytesPerNode
					+ " (expected: >= app.limits.outbound-bytes-per-connection)");
		}
		if (syncPageBytes != null && syncPageBytes.toBytes() < 1024) {
			throw new IllegalArgumentException("app.limits.sync-page-bytes: " + syncPageBytes + " (expected: >= 1KB)");
		}
		if (loginTimeout != null && loginTimeout.toMillis() <= 0) {
			throw new IllegalArgumentException("app.limits.login-timeout: " + loginTimeout + " (expected: > 0)");
		}
		if (maxHandshakeHeaderSize != null
				&& (maxHandshakeHeaderSize.toBytes() < 1024 || maxHandshakeHeaderSize.toBytes() > 1024 * 1024)) {
			throw new IllegalArgumentException(
					"app.limits.max-handshake-header-size: " + maxHandshakeHeaderSize + " (expected: 1KB to 1MB)");
		}
	}

}
