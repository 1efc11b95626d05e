package io.gochat.delivery;

import org.springframework.modulith.NamedInterface;

/**
 * The connections held by this node, as delivery sees them. Implemented by the gateway,
 * whose connections put pushes arriving from several nodes back in seq order.
 */
@NamedInterface("ports")
public interface LocalSessions {

	/**
	 * Queues a serialized {@code Output} of a message accepted on this node for the
	 * user's connection here.
	 * @param seq the user's seq of the pushed copy
	 * @param acceptedNanos when the message was accepted ({@link System#nanoTime()}): the
	 * push latency is measured from there to the write
	 * @return false if the user has no connection here
	 */
	boolean push(long userId, long seq, byte[] output, long acceptedNanos);

	/**
	 * Queues a serialized {@code Output} another node handed over for the user's
	 * connection here (its seq is read from the push).
	 * @return false if the user has no connection here
	 */
	boolean pushFromPeer(long userId, byte[] output);

	/**
	 * Tells the user's connection here, if any, that this node will not push its copy
	 * {@code seq}: the user's own copy of a message it sent, a copy of a batch storage
	 * refused, a copy whose receiver was located elsewhere. Its later pushes then need
	 * not wait for that seq.
	 */
	void skip(long userId, long seq);

}
