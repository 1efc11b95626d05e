package io.gochat.loadtest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Counts a run's rows in the {@code message} table, and waits for them: the server writes them
 * asynchronously (RabbitMQ to a consumer), so "all delivered" and "all stored" are separate
 * moments.
 */
final class MessageRowCounter implements AutoCloseable {

	private static final long POLL_MS = 250;

	// IN lists are split so a query never carries thousands of parameters
	private static final int IDS_PER_QUERY = 1000;

	private final Connection connection;

	MessageRowCounter(String url, String user, String password) throws SQLException {
		DriverManager.setLoginTimeout(10);
		this.connection = DriverManager.getConnection(url, user, password);
	}

	/** Rows of a group: one per member and message (session_type 2, receiver_id = the group). */
	long countGroup(long groupId) throws SQLException {
		try (PreparedStatement query = this.connection
			.prepareStatement("SELECT COUNT(*) FROM message WHERE session_type = 2 AND receiver_id = ?")) {
			query.setLong(1, groupId);
			return single(query);
		}
	}

	/**
	 * Single-chat rows of a run: owned by one of the users (so the user_id index is used) and
	 * carrying the run's content prefix (earlier runs of the same users do not count).
	 */
	long countSingle(List<Long> userIds, String contentPrefix) throws SQLException {
		long total = 0;
		for (int from = 0; from < userIds.size(); from += IDS_PER_QUERY) {
			List<Long> ids = userIds.subList(from, Math.min(userIds.size(), from + IDS_PER_QUERY));
			String sql = "SELECT COUNT(*) FROM message WHERE user_id IN ("
					+ String.join(",", Collections.nCopies(ids.size(), "?"))
					+ ") AND session_type = 1 AND content LIKE ?";
			try (PreparedStatement query = this.connection.prepareStatement(sql)) {
				int i = 1;
				for (Long id : ids) {
					query.setLong(i++, id);
				}
				query.setString(i, contentPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
				total += single(query);
			}
		}
		return total;
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
