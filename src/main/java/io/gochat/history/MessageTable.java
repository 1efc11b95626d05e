package io.gochat.history;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code message} table.
 */
@Repository
class MessageTable {

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	MessageTable(JdbcTemplate jdbcTemplate, JdbcClient jdbc) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
	}

	/**
	 * Inserts all copies in one transaction; a copy already stored is left as it is.
	 */
	@Transactional
	public void insertAll(Collection<StoredMessage> copies) {
		for (String statement : MessageInsertStatements.render(copies)) {
			this.jdbcTemplate.update(statement);
		}
	}

	List<StoredMessage> findAfter(long userId, long seq, int limit) {
		return this.jdbc.sql("""
				SELECT user_id, sender_id, session_type, receiver_id, message_type, content, seq, send_time
				FROM message WHERE user_id = ? AND seq > ? ORDER BY seq LIMIT ?""")
			.params(userId, seq, limit)
			.query((rs, row) -> new StoredMessage(rs.getLong("user_id"), rs.getLong("sender_id"),
					rs.getInt("session_type"), rs.getLong("receiver_id"), rs.getInt("message_type"),
					rs.getBytes("content"), rs.getLong("seq"), rs.getTimestamp("send_time").getTime()))
			.list();
	}

	long highestSeq(long userId) {
		return this.jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM message WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.single();
	}

	/**
	 * Whether the database answers at all: tells an outage from a row it refuses.
	 */
	boolean reachable() {
		try {
			this.jdbc.sql("SELECT 1").query(Integer.class).single();
			return true;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

}
