package io.gochat.delivery;

import io.gochat.history.MessageHistory;

import org.springframework.stereotype.Service;

/**
 * Offline sync: the caller's copies after a seq, a page at a time.
 */
@Service
public class SyncService {

	private final MessageHistory history;

	SyncService(MessageHistory history) {
		this.history = history;
	}

	/**
	 * The caller's copies after {@code seq}: at most a page, and at most about
	 * {@code maxBytes} of content (at least one copy).
	 */
	public MessageHistory.Page after(long userId, long seq, long maxBytes) {
		return this.history.after(userId, seq, maxBytes);
	}

}
