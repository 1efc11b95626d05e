package io.gochat.history;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gochat.message.MessageCopy;
import io.gochat.sequence.StoredSeqs;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read side of the {@code message} table: offline sync, a user's stored copies after
 * a given seq, oldest first, a page at a time; and each user's highest stored seq.
 */
@Component
public class MessageHistory implements StoredSeqs {

	/** Most messages in one page, as upstream. */
	public static final int PAGE_SIZE = 50;

	// ids, seq, types and time of a copy as encoded, roughly
	private static final int COPY_OVERHEAD_BYTES = 64;

	private final JdbcClient jdbc;

	MessageHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Page after(long userId, long seq) {
		return after(userId, seq, Long.MAX_VALUE);
	}

	/**
	 * At most {@link #PAGE_SIZE} copies after {@code seq}, cut earlier where their
	 * content would exceed {@code maxBytes} (the first copy is always included).
	 */
	public Page after(long userId, long seq, long maxBytes) {
		List<MessageCopy> found = findAfter(userId, seq, PAGE_SIZE + 1);
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
	@Override
	public long highestSeq(long userId) {
		return this.jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM message WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.single();
	}

	private List<MessageCopy> findAfter(long userId, long seq, int limit) {
		return this.jdbc.sql("""
				SELECT user_id, sender_id, session_type, receiver_id, message_type, content, seq, send_time
				FROM message WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?""")
			.params(userId, seq, limit)
			.query((rs, row) -> new MessageCopy(rs.getLong("user_id"), rs.getLong("sender_id"),
					rs.getInt("session_type"), rs.getLong("receiver_id"), rs.getInt("message_type"),
					rs.getBytes("content"), rs.getLong("seq"), rs.getTimestamp("send_time").getTime()))
			.list();
	}

	/**
	 * The highest seq stored for each user that has any stored copy.
	 */
	@Override
	public Map<Long, Long> highestSeqs(Collection<Long> userIds) {
		Map<Long, Long> highest = new HashMap<>();
		if (userIds.isEmpty()) {
			return highest;
		}
		this.jdbc.sql("SELECT user_id, MAX(seq) AS seq FROM message WHERE user_id IN (:ids) GROUP BY user_id")
			.param("ids", userIds)
			.query((rs, row) -> highest.put(rs.getLong("user_id"), rs.getLong("seq")))
			.list();
		return highest;
	}

	/**
	 * @param messages at most {@link #PAGE_SIZE} copies, ascending by seq
	 * @param hasMore whether copies with higher seqs remain
	 */
	public record Page(List<MessageCopy> messages, boolean hasMore) {
	}

}
