package io.gochat.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

import io.gochat.message.MessageCopy;

/**
 * Renders copies as multi-row {@code INSERT} statements with their values inline.
 * <p>
 * Why not bind parameters: the copies of a group message are hundreds of rows of eight
 * values, and binding each value through the MySQL driver cost more CPU than the database
 * spent storing it (profiled under the load test). The values here need no escaping to be
 * safe: ids, seqs and types are numbers, the send time is rendered by
 * {@link SendTimeText}, and the content is a hex literal.
 * <p>
 * Plain inserts: a copy whose owner and seq are already stored fails the statement, and
 * {@link MessageTable} then tells a redelivered copy from a different message holding
 * that seq (never silently discarded).
 */
final class MessageInsertStatements {

	static final String PREFIX = "INSERT INTO message (user_id, sender_id, session_type, receiver_id, message_type, "
			+ "content, seq, send_time) VALUES ";

	static final String SUFFIX = "";

	/**
	 * Statement size at which a new statement starts. Small enough that the driver's
	 * packet of it stays under G1's humongous-object size (half a region: 512 KB at the 1
	 * MB regions of the node's default 512 MB heap): MySQL Connector/J sizes that packet
	 * at the statement's length times the most bytes a character can take in the
	 * connection's encoding (3.5 on average was measured). Larger statements (5,000 rows
	 * were about 650,000 characters) put about a thousand objects of 0.9 MB straight into
	 * the old generation per ten rounds of the load test; each started a concurrent
	 * marking cycle, and the garbage collector took a quarter of the node's CPU
	 * (profiled).
	 */
	static final int MAX_STATEMENT_CHARS = 96 * 1024;

	// a row's characters besides its content's hex digits: six numbers of at most 20
	// digits, the send time, quotes, commas and parentheses
	private static final int ROW_CHARS_WITHOUT_CONTENT = 6 * 20 + 40;

	private static final HexFormat HEX = HexFormat.of();

	private MessageInsertStatements() {
	}

	static List<String> render(Collection<MessageCopy> copies) {
		List<String> statements = new ArrayList<>();
		SendTimeText sendTimes = new SendTimeText();
		long charsLeft = 0;
		for (MessageCopy copy : copies) {
			charsLeft += maxChars(copy) + 1;
		}
		Iterator<MessageCopy> rows = copies.iterator();
		MessageCopy next = rows.hasNext() ? rows.next() : null;
		while (next != null) {
			// sized once for the rows that fit: growing the builder copied it again and
			// again
			StringBuilder sql = new StringBuilder(
					PREFIX.length() + (int) Math.min(MAX_STATEMENT_CHARS - PREFIX.length(), charsLeft));
			sql.append(PREFIX);
			boolean empty = true;
			while (next != null && (empty || sql.length() + maxChars(next) <= MAX_STATEMENT_CHARS)) {
				if (!empty) {
					sql.append(',');
				}
				append(sql, next, sendTimes);
				charsLeft -= maxChars(next) + 1;
				empty = false;
				next = rows.hasNext() ? rows.next() : null;
			}
			statements.add(sql.append(SUFFIX).toString());
		}
		return statements;
	}

	private static int maxChars(MessageCopy copy) {
		return copy.content().length * 2 + ROW_CHARS_WITHOUT_CONTENT;
	}

	private static void append(StringBuilder sql, MessageCopy copy, SendTimeText sendTimes) {
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
	}

}
