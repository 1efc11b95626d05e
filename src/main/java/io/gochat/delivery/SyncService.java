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

	public MessageHistory.Page after(long userId, long seq) {
		return this.history.after(userId, seq);
	}

}
