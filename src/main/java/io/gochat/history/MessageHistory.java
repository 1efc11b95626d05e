package io.gochat.history;

import java.util.List;

import org.springframework.stereotype.Component;

/**
 * Offline sync: a user's stored copies after a given seq, oldest first, a page at a time.
 */
@Component
public class MessageHistory {

	/** Most messages in one page, as upstream. */
	public static final int PAGE_SIZE = 50;

	// ids, seq, types and time of a copy as encoded, roughly
	private static final int COPY_OVERHEAD_BYTES = 64;

	private final MessageTable table;

	MessageHistory(MessageTable table) {
		this.table = table;
	}

	public Page after(long userId, long seq) {
		return after(userId, seq, Long.MAX_VALUE);
	}

	/**
	 * At most {@link #PAGE_SIZE} copies after {@code seq}, cut earlier where their
	 * content would exceed {@code maxBytes} (the first copy is always included).
	 */
	public Page after(long userId, long seq, long maxBytes) {
		List<StoredMessage> found = this.table.findAfter(userId, seq, PAGE_SIZE + 1);
		int count = Math.min(found.size(), PAGE_SIZE);
		long bytes = 0;
		for (int i = 0; i < count; i++) {
			bytes += found.get(i).content().length + COPY_OVERHEAD_BYTES;
			if (bytes > maxBytes && i > 0) {
				count = i;
				break;
			}
		}
		boolean hasMore = found.size() > count;
		return new Page(found.subList(0, count), hasMore);
	}

	/**
	 * The highest seq stored for the user, 0 if none.
	 */
	public long highestSeq(long userId) {
		return this.table.highestSeq(userId);
	}

	/**
	 * @param messages at most {@link #PAGE_SIZE} copies, ascending by seq
	 * @param hasMore whether copies with higher seqs remain
	 */
	public record Page(List<StoredMessage> messages, boolean hasMore) {
	}

}
