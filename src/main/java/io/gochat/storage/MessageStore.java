package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Takes stored copies for persistence.
 */
public interface MessageStore {

	/**
	 * Hands the copies, as one unit, to the durable queue without waiting for it.
	 * @return completes once the copies are durably queued (they will then reach the
	 * {@code message} table even if this node dies), or exceptionally with a
	 * {@link MessageStoreException} if they were refused or not confirmed in time
	 * @throws MessageStoreException if the copies could not even be handed over
	 */
	CompletableFuture<Void> enqueue(List<MessageCopy> copies);

}
