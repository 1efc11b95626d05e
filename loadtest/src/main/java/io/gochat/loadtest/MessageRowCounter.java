package io.gochat.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Counts a run's rows in the {@code message} table, and waits for them: the server writes them
 * asynchronously (RabbitMQ to a consumer), so "all delivered" and "all stored" are separate
 * moments.
 */
final class MessageRowCounter implements AutoCloseable {

	private static final long POLL_MS = 250;

	private static final int PHONES_PER_QUERY = 500;

	private final Connection connection;

	MessageRowCounter(String url, String user, String password) throws SQLException {
		DriverManager.setLoginTimeout(10);
		this.connection = DriverManager.getConnection(url, user, password);
	}

	/**
	 * The highest message id now. Rows written later get higher ids (auto-increment), so
	 * counting only {@code id > baseline} scans the run's rows instead of the whole table, which
	 * grows by millions of rows with every large run.
	 */
	long baseline() throws SQLException {
		try (PreparedStatement query = this.connection.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM message")) {
			return single(query);
		}
	}

	/**
	 * Checks that this database is the node's: every user must be stored with the id the node
	 * gave it. A standalone node keeps its tables in an embedded database no other process can
	 * open, and a MySQL on the same machine may hold older tables with other ids.
	 * @return null if it is, otherwise what differs
	 */
	String mismatchedUsers(List<UserAccount> users) throws SQLException {
		Map<String, Long> stored = new HashMap<>();
		for (int from = 0; from < users.size(); from += PHONES_PER_QUERY) {
			List<UserAccount> chunk = users.subList(from, Math.min(users.size(), from + PHONES_PER_QUERY));
			String sql = "SELECT phone_number, id FROM `user` WHERE phone_number IN ("
					+ String.join(",", Collections.nCopies(chunk.size(), "?")) + ")";
			try (PreparedStatement query = this.connection.prepareStatement(sql)) {
				for (int i = 0; i < chunk.size(); i++) {
					query.setString(i + 1, String.valueOf(chunk.get(i).phone()));
				}
				try (ResultSet rows = query.executeQuery()) {
					while (rows.next()) {
						stored.put(rows.getString(1), rows.getLong(2));
					}
				}
			}
		}
		for (UserAccount user : users) {
			Long id = stored.get(String.valueOf(user.phone()));
			if (id == null || id != user.id()) {
				return "user " + user.phone() + " has id " + user.id() + " on the node but "
						+ (id == null ? "is missing" : "id " + id) + " in this database";
			}
		}
		return null;
	}

	/** Rows of a group: one per member and message (session_type 2, receiver_id = the group). */
	long countGroup(long groupId, long baseline) throws SQLException {
		try (PreparedStatement query = this.connection
			.prepareStatement("SELECT COUNT(*) FROM message WHERE id > ? AND session_type = 2 AND receiver_id = ?")) {
			query.setLong(1, baseline);
			query.setLong(2, groupId);
			return single(query);
		}
	}

	/**
	 * Single-chat rows of a run: carrying the run's content prefix (other chats of the same
	 * users, before or during the run, do not count).
	 */
	long countSingle(String contentPrefix, long baseline) throws SQLException {
		try (PreparedStatement query = this.connection
			.prepareStatement("SELECT COUNT(*) FROM message WHERE id > ? AND session_type = 1 AND content LIKE ?")) {
			query.setLong(1, baseline);
			query.setString(2, contentPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
			return single(query);
		}
	}

	private static long single(PreparedStatement query) throws SQLException {
		try (ResultSet rows = query.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	/**
	 * Polls {@code count} until it reaches {@code expected} or the timeout passes.
	 * @param firstSendNanos when the run's first message went out, to report how long storing
	 * took from there
	 */
	static RunSummary.Rows awaitRows(CountQuery count, long expected, long firstSendNanos, long timeoutMs,
			LongSupplier nanoClock) {
		long deadline = nanoClock.getAsLong() + timeoutMs * 1_000_000;
		long stored = -1;
		String error = null;
		while (true) {
			try {
				stored = count.count();
				error = null;
			}
			catch (SQLException ex) {
				error = ex.getMessage();
			}
			long now = nanoClock.getAsLong();
			if (stored >= expected) {
				return new RunSummary.Rows(true, expected, stored, stored == expected,
						(now - firstSendNanos) / 1_000_000, stored == expected ? null : "more rows than expected");
			}
			if (now >= deadline) {
				return new RunSummary.Rows(true, expected, stored < 0 ? null : stored, false, null, error);
			}
			sleep(POLL_MS);
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	@Override
	public void close() {
		try {
			this.connection.close();
		}
		catch (SQLException ex) {
			// closing at the end of a run: nothing left to do with it
		}
	}

	/** One count of the run's rows. */
	@FunctionalInterface
	interface CountQuery {

		long count() throws SQLException;

	}

}
