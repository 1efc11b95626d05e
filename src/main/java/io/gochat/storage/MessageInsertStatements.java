package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Renders copies as multi-row {@code INSERT} statements with their values inline.
 * <p>
 * Why not bind parameters: the copies of a group message are hundreds of rows of eight
 * values, and binding each value through the MySQL driver cost more CPU than the database
 * spent storing it (profiled under the load test). The values here need no escaping to be
 * safe: ids, seqs and types are numbers, the send time is rendered by
 * {@link SendTimeText}, and the content is a hex literal.
 * <p>
 * A copy already stored (same owner and seq, e.g. a redelivered batch) counts as stored:
 * the no-op update makes the duplicate harmless without hiding any other error, as INSERT
 * IGNORE would.
 */
final class MessageInsertStatements {

	static final String PREFIX = "INSERT INTO message (user_id, sender_id, session_type, receiver_id, message_type, "
			+ "content, seq, send_time) VALUES ";

	static final String SUFFIX = " ON DUPLICATE KEY UPDATE id = id";

	/**
	 * Statement size at which a new statement starts: well under MySQL's 16 MB packet
	 * default.
	 */
	static final int MAX_STATEMENT_CHARS = 4 * 1024 * 1024;

	private static final HexFormat HEX = HexFormat.of();

	private MessageInsertStatements() {
	}

	static List<String> render(Iterable<MessageCopy> copies) {
		List<String> statements = new ArrayList<>();
		SendTimeText sendTimes = new SendTimeText();
		StringBuilder sql = new StringBuilder(PREFIX);
		boolean empty = true;
		for (MessageCopy copy : copies) {
			if (!empty && sql.length() + copy.content().length * 2 + 120 > MAX_STATEMENT_CHARS) {
				statements.add(sql.append(SUFFIX).toString());
				sql = new StringBuilder(PREFIX);
				empty = true;
			}
			if (!empty) {
				sql.append(',');
			}
			sql.append('(')
				.append(copy.userId())
				.append(',')
				.append(copy.senderId())
				.append(',')
				.append(copy.sessionType())
				.append(',')
				.append(copy.receiverId())
				.append(',')
				.append(copy.messageType())
				.append(",X'");
			HEX.formatHex(sql, copy.content());
			sql.append("',").append(copy.seq()).append(",'").append(sendTimes.of(copy.sendTime())).append("')");
			empty = false;
		}
		if (!empty) {
			statements.add(sql.append(SUFFIX).toString());
		}
		return statements;
	}

}
