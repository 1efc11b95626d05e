package io.gochat.delivery;

import java.util.Collection;

/**
 * The connections held by this node, as delivery sees them. Implemented by the gateway.
 */
public interface LocalSessions {

	/**
	 * Queues a push for the receiver's connection on this node, which releases its pushes
	 * in seq order.
	 * @return false if the receiver has no connection here
	 */
	boolean push(Push push);

	/**
	 * Queues each push for its receiver's connection on this node; receivers without one
	 * are skipped.
	 */
	default void pushAll(Collection<Push> pushes) {
		pushes.forEach(this::push);
	}

	/**
	 * Tells the user's connection that {@code seq} is the user's own copy of a message it
	 * sent: it will never be pushed, so later pushes need not wait for it.
	 */
	void sent(long userId, long seq);

	/**
	 * Whether the user has a connection on this node.
	 */
	boolean isConnected(long userId);

}
