package io.gochat.sequence;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upstream's "number section" id allocator over the {@code uid} table: a node reserves
 * {@code step} ids of a business at a time ({@code SELECT ... FOR UPDATE}, then
 * {@code max_id = max_id + step}) and hands them out from memory. Any number of
 * allocators on the same table never hand out the same id; ids from one allocator
 * increase, and ids of different allocators interleave by segment.
 */
@Component
public class SegmentIdAllocator {

	/** Ids reserved per database round trip, as upstream. */
	public static final int DEFAULT_STEP = 1000;

	private static final int MAX_ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final int step;

	private final Map<String, Segment> segments = new ConcurrentHashMap<>();

	@Autowired
	SegmentIdAllocator(JdbcClient jdbc, TransactionTemplate transactions) {
		this(jdbc, transactions, DEFAULT_STEP);
	}

	SegmentIdAllocator(JdbcClient jdbc, TransactionTemplate transactions, int step) {
		if (step <= 0) {
			throw new IllegalArgumentException("step: " + step + " (expected: > 0)");
		}
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.step = step;
	}

	/**
	 * The next id of the business.
	 */
	public long nextId(String businessId) {
		if (businessId == null || businessId.isEmpty() || businessId.length() > 128) {
			throw new IllegalArgumentException("businessId: '" + businessId + "' (expected: 1 to 128 characters)");
		}
		return this.segments.computeIfAbsent(businessId, (id) -> new Segment()).next(businessId);
	}

	/**
	 * Reserves the business's next segment in the table. Two allocators creating the same
	 * business at once can collide on its unique key or deadlock on the gap lock; the
	 * loser retries and then finds the row.
	 */
	private Reserved reserve(String businessId) {
		for (int attempt = 1;; attempt++) {
			try {
				return this.transactions.execute((status) -> reserveOnce(businessId));
			}
			catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
				if (attempt >= MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private Reserved reserveOnce(String businessId) {
		Optional<Reserved> current = this.jdbc.sql("SELECT max_id, step FROM uid WHERE business_id = ? FOR UPDATE")
			.param(businessId)
			.query((rs, row) -> new Reserved(rs.getLong("max_id"), rs.getInt("step")))
			.optional();
		if (current.isEmpty()) {
			this.jdbc.sql("INSERT INTO uid (business_id, max_id, step) VALUES (?, ?, ?)")
				.params(businessId, this.step, this.step)
				.update();
			return new Reserved(this.step, this.step);
		}
		this.jdbc.sql("UPDATE uid SET max_id = max_id + step WHERE business_id = ?").param(businessId).update();
		Reserved before = current.get();
		return new Reserved(before.max() + before.step(), before.step());
	}

	/** A segment reserved in the table: the ids (max - step, max]. */
	private record Reserved(long max, int step) {
	}

	/** The ids (current, max] of one business that this allocator holds. */
	private final class Segment {

		private long current;

		private long max;

		synchronized long next(String businessId) {
			if (this.current == this.max) {
				Reserved reserved = reserve(businessId);
				this.current = reserved.max() - reserved.step();
				this.max = reserved.max();
			}
			return ++this.current;
		}

	}

}
