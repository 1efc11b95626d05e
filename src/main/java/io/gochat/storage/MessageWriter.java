package io.gochat.storage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import io.gochat.message.MessageCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * Writes units (each a message with its copies) to the {@code message} table, the same
 * way in both modes: consecutive units of up to {@code rows-per-transaction} copies in
 * one transaction; when the database refuses such a chunk, each of its units alone, up to
 * {@code max-attempts} times; a unit still refused then goes to {@link Outcome#refused}
 * (the in-process queue fails its sender, RabbitMQ's consumer dead-letters it). So one
 * bad message never holds back the others.
 *
 * @param <U> a unit: a queued message, or a RabbitMQ delivery
 */
final class MessageWriter<U> {

	private static final Logger log = LoggerFactory.getLogger(MessageWriter.class);

	private final MessageTable table;

	private final StorageProperties properties;

	private final Outcome<U> outcome;

	MessageWriter(MessageTable table, StorageProperties properties, Outcome<U> outcome) {
		this.table = table;
		this.properties = properties;
		this.outcome = outcome;
	}

	void write(List<U> units) throws IOException, InterruptedException {
		for (List<U> chunk : RowChunks.split(units, (unit) -> this.outcome.copiesOf(unit).size(),
				this.properties.rowsPerTransaction())) {
			writeChunk(chunk);
		}
	}

	private void writeChunk(List<U> chunk) throws IOException, InterruptedException {
		List<MessageCopy> all = new ArrayList<>();
		chunk.forEach((unit) -> all.addAll(this.outcome.copiesOf(unit)));
		try {
			this.table.insertAll(all);
			chunk.forEach(this.outcome::written);
			return;
		}
		catch (DataAccessException ex) {
			this.outcome.checkDatabase(ex);
			log.warn("A batch of {} messages failed ({}); writing them one by one", chunk.size(),
					ex.getMostSpecificCause().getMessage());
		}
		for (U unit : chunk) {
			writeAlone(unit);
		}
	}

	private void writeAlone(U unit) throws IOException, InterruptedException {
		DataAccessException last = null;
		for (int attempt = 1; attempt <= this.properties.maxAttempts(); attempt++) {
			try {
				this.table.insertAll(this.outcome.copiesOf(unit));
				this.outcome.written(unit);
				return;
			}
			catch (DataAccessException ex) {
				this.outcome.checkDatabase(ex);
				last = ex;
			}
		}
		log.error("Refused a message of {} copies after {} attempts: {}", this.outcome.copiesOf(unit).size(),
				this.properties.maxAttempts(), last.getMostSpecificCause().getMessage());
		this.outcome.refused(unit, last);
	}

	/**
	 * What a unit holds, and what becomes of it.
	 *
	 * @param <U> a unit
	 */
	interface Outcome<U> {

		List<MessageCopy> copiesOf(U unit);

		/** The unit's copies are committed. */
		void written(U unit);

		/** The database refused the unit every time it was tried alone. */
		void refused(U unit, DataAccessException last) throws IOException;

		/**
		 * Called with each refusal before it is counted against a unit: may rethrow it
		 * (after a pause) when the database is down rather than refusing this data.
		 */
		default void checkDatabase(DataAccessException ex) throws InterruptedException {
		}

	}

}
