package io.gochat.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gochat.message.MessageCopy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes to the {@code message} table (the read side is {@code history.MessageHistory}).
 */
@Repository
class MessageTable {

	private static final Logger log = LoggerFactory.getLogger(MessageTable.class);

	// (user_id, seq) pairs looked up per query when a batch meets stored rows
	private static final int LOOKUP_CHUNK = 500;

	private static final int MAX_RECONCILE_ROUNDS = 10;

	private final JdbcTemplate jdbcTemplate;

	private final JdbcClient jdbc;

	private final Resequencer resequencer;

	private final Counter conflicts;

	private final Counter redelivered;

	MessageTable(JdbcTemplate jdbcTemplate, JdbcClient jdbc, Resequencer resequencer, MeterRegistry meters) {
		this.jdbcTemplate = jdbcTemplate;
		this.jdbc = jdbc;
		this.resequencer = resequencer;
		this.conflicts = Counter.builder("gochat.messages.seq.conflicts")
			.description("Copies that found their (user, seq) stored with a different message and were re-sequenced")
			.register(meters);
		this.redelivered = Counter.builder("gochat.messages.redelivered")
			.description("Copies found already stored (a redelivered batch) and skipped")
			.register(meters);
	}

	/**
	 * Inserts all copies in one transaction. A copy whose owner and seq are already
	 * stored with the same message (a redelivery) is skipped; a copy whose seq is held by
	 * a different message (the counter went back, e.g. Redis lost it) is logged, counted,
	 * given a new seq of its owner and stored: never dropped.
	 * @return the copies as stored (re-sequenced ones with their new seq)
	 */
	@Transactional
	List<MessageCopy> insertAll(Collection<MessageCopy> copies) {
		try {
			for (String statement : MessageInsertStatements.render(copies)) {
				this.jdbcTemplate.update(statement);
			}
			return List.copyOf(copies);
		}
		catch (DuplicateKeyException ex) {
			// the failed statement changed nothing; rows of earlier statements are found
			// below as already stored
			return reconcile(copies);
		}
	}

	private List<MessageCopy> reconcile(Collection<MessageCopy> copies) {
		List<MessageCopy> pending = new ArrayList<>(copies);
		List<MessageCopy> stored = new ArrayList<>(copies.size());
		for (int round = 1;; round++) {
			List<MessageCopy> toInsert = new ArrayList<>();
			// two copies of one batch may hold the same seq too
			Map<Key, MessageCopy> inBatch = new HashMap<>();
			for (int from = 0; from < pending.size(); from += LOOKUP_CHUNK) {
				List<MessageCopy> chunk = pending.subList(from, Math.min(pending.size(), from + LOOKUP_CHUNK));
				Map<Key, MessageCopy> existing = find(chunk);
				for (MessageCopy copy : chunk) {
					Key key = new Key(copy.userId(), copy.seq());
					MessageCopy there = existing.getOrDefault(key, inBatch.get(key));
					if (there == null) {
						inBatch.put(key, copy);
						toInsert.add(copy);
					}
					else if (sameMessage(there, copy)) {
						this.redelivered.increment();
						stored.add(copy);
					}
					else {
						MessageCopy moved = withSeq(copy, this.resequencer.nextSeq(copy.userId()));
						this.conflicts.increment();
						log.warn(
								"Seq {} of user {} is already stored with another message (from {}); "
										+ "storing this copy (from {}) at seq {} instead",
								copy.seq(), copy.userId(), there.senderId(), copy.senderId(), moved.seq());
						inBatch.put(new Key(moved.userId(), moved.seq()), moved);
						toInsert.add(moved);
					}
				}
			}
			try {
				for (String statement : MessageInsertStatements.render(toInsert)) {
					this.jdbcTemplate.update(statement);
				}
				stored.addAll(toInsert);
				return stored;
			}
			catch (DuplicateKeyException ex) {
				// another writer stored one of them meanwhile: look again
				if (round >= MAX_RECONCILE_ROUNDS) {
					throw ex;
				}
				pending = toInsert;
			}
		}
	}

	private Map<Key, MessageCopy> find(List<MessageCopy> copies) {
		StringBuilder sql = new StringBuilder(
				"SELECT user_id, sender_id, session_type, receiver_id, message_type, content, seq, send_time "
						+ "FROM message WHERE (user_id, seq) IN (");
		for (int i = 0; i < copies.size(); i++) {
			MessageCopy copy = copies.get(i);
			sql.append((i == 0) ? "(" : ",(").append(copy.userId()).append(',').append(copy.seq()).append(')');
		}
		sql.append(')');
		Map<Key, MessageCopy> found = new HashMap<>();
		this.jdbc.sql(sql.toString())
			.query(MessageTable::row)
			.list()
			.forEach((row) -> found.put(new Key(row.userId(), row.seq()), row));
		return found;
	}

	/**
	 * Whether a stored row is this copy: every column but the id matches (the send time
	 * to the second the column keeps).
	 */
	static boolean sameMessage(MessageCopy stored, MessageCopy copy) {
		return stored.senderId() == copy.senderId() && stored.sessionType() == copy.sessionType()
				&& stored.receiverId() == copy.receiverId() && stored.messageType() == copy.messageType()
				&& Math.floorDiv(stored.sendTime(), 1000L) == Math.floorDiv(copy.sendTime(), 1000L)
				&& Arrays.equals(stored.content(), copy.content());
	}

	private static MessageCopy withSeq(MessageCopy copy, long seq) {
		return new MessageCopy(copy.userId(), copy.senderId(), copy.sessionType(), copy.receiverId(),
				copy.messageType(), copy.content(), seq, copy.sendTime());
	}

	private static MessageCopy row(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new MessageCopy(rs.getLong("user_id"), rs.getLong("sender_id"), rs.getInt("session_type"),
				rs.getLong("receiver_id"), rs.getInt("message_type"), rs.getBytes("content"), rs.getLong("seq"),
				rs.getTimestamp("send_time").getTime());
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

	private record Key(long userId, long seq) {
	}

}
