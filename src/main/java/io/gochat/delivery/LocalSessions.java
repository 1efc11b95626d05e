package io.gochat.delivery;

import java.util.Map;

import org.springframework.modulith.NamedInterface;

/**
 * The connections held by this node, as delivery sees them. Implemented by the gateway.
 */
@NamedInterface("ports")
public interface LocalSessions {

	/**
	 * Queues a serialized {@code Output} of a message accepted on this node for the
	 * user's connection here.
	 * @param acceptedNanos when the message was accepted ({@link System#nanoTime()}): the
	 * push latency is measured from there to the write
	 * @return false if the user has no connection here
	 */
	boolean push(long userId, byte[] output, long acceptedNanos);

	/**
	 * Queues a serialized {@code Output} another node handed over for the user's
	 * connection here.
	 * @return false if the user has no connection here
	 */
	boolean pushFromPeer(long userId, byte[] output);

	/**
	 * Queues each entry for its user's connection on this node; users without one are
	 * skipped.
	 * @return how many were queued
	 */
	default int pushAll(Map<Long, byte[]> outputs, long acceptedNanos) {
		int queued = 0;
		for (Map.Entry<Long, byte[]> entry : outputs.entrySet()) {
			if (push(entry.getKey(), entry.getValue(), acceptedNanos)) {
				queued++;
			}
		}
		return queued;
	}

}
