package io.gochat.mode;

import java.util.Locale;

/**
 * How a node runs ({@code app.mode}). Both modes run the same delivery, sync and REST
 * code; only the adapters behind its interfaces differ.
 */
public enum AppMode {

	/**
	 * One node, nothing to install: embedded H2 under {@code app.data-dir}, all else in
	 * memory.
	 */
	STANDALONE,

	/** Any number of nodes sharing MySQL, Redis, RabbitMQ and etcd, talking over gRPC. */
	CLUSTER;

	public static final String PROPERTY = "app.mode";

	/**
	 * @throws IllegalArgumentException naming the allowed values if {@code value} is
	 * neither
	 */
	public static AppMode parse(String value) {
		String mode = (value == null) ? "standalone" : value.strip().toLowerCase(Locale.ROOT);
		return switch (mode) {
			case "standalone", "" -> STANDALONE;
			case "cluster" -> CLUSTER;
			default ->
				throw new IllegalArgumentException(PROPERTY + ": '" + value + "' (expected: standalone or cluster)");
		};
	}

}
