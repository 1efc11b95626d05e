package io.gochat.history;

import java.util.List;

/**
 * Takes stored copies for persistence.
 */
public interface MessageStore {

	/**
	 * Hands the copies, as one unit, to the durable queue without waiting for it to
	 * confirm.
	 * @return the receipt to wait on before telling the sender the message was accepted
	 * @throws MessageStoreException if the copies could not even be handed over
	 */
	Receipt enqueue(List<StoredMessage> copies);

	/**
	 * The outcome of one {@link #enqueue}.
	 */
	interface Receipt {

		/**
		 * Returns once the copies are durably queued; they will then reach the
		 * {@code message} table even if this node dies.
		 * @throws MessageStoreException if they were refused or not confirmed in time
		 */
		void awaitDurable();

	}

}
