package io.gochat.history;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Offline sync: a user's stored copies after a given seq, oldest first, a page at a time.
 */
@Component
public class MessageHistory {

	/** Most messages in one page, as upstream. */
	public static final int PAGE_SIZE = 50;

	private final MessageTable table;

	MessageHistory(MessageTable table) {
		this.table = table;
	}

	public Page after(long userId, long seq) {
		List<StoredMessage> found = this.table.findAfter(userId, seq, PAGE_SIZE + 1);
		boolean hasMore = found.size() > PAGE_SIZE;
		return new Page(hasMore ? found.subList(0, PAGE_SIZE) : found, hasMore);
	}

	/**
	 * The highest seq stored for the user, 0 if none.
	 */
	public long highestSeq(long userId) {
		return this.table.highestSeq(userId);
	}

	/**
	 * The highest seq stored for each user that has any stored copy.
	 */
	public Map<Long, Long> highestSeqs(Collection<Long> userIds) {
		return this.table.highestSeqs(userIds);
	}

	/**
	 * @param messages at most {@link #PAGE_SIZE} copies, ascending by seq
	 * @param hasMore whether copies with higher seqs remain
	 */
	public record Page(List<StoredMessage> messages, boolean hasMore) {
	}

}
