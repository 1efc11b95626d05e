package io.gochat.delivery;

import java.util.Map;

import org.springframework.modulith.NamedInterface;

/**
 * The connections held by this node, as delivery sees them. Implemented by the gateway.
 */
@NamedInterface("ports")
public interface LocalSessions {

	/**
	 * Queues a serialized {@code Output} for the user's connection on this node.
	 * @return false if the user has no connection here
	 */
	boolean push(long userId, byte[] output);

	/**
	 * Queues each entry for its user's connection on this node; users without one are
	 * skipped.
	 */
	default void pushAll(Map<Long, byte[]> outputs) {
		outputs.forEach(this::push);
	}

}
