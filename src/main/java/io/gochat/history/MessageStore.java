package io.gochat.history;

import java.util.List;

/**
 * Takes stored copies for persistence. When {@link #store} returns, the copies are
 * durably queued and will reach the {@code message} table even if this node dies.
 */
public interface MessageStore {

	/**
	 * Queues the copies as one unit.
	 * @throws MessageStoreException if they could not be queued durably
	 */
	void store(List<StoredMessage> copies);

}
