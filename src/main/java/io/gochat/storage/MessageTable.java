package io.gochat.storage;

import java.util.Collection;

import io.gochat.message.MessageCopy;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes to the {@code message} table (the read side is
 * {@link io.gochat.history.MessageHistory}).
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
	public void insertAll(Collection<MessageCopy> copies) {
		for (String statement : MessageInsertStatements.render(copies)) {
			this.jdbcTemplate.update(statement);
		}
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
