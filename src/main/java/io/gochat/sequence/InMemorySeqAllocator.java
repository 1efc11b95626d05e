package io.gochat.sequence;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * Standalone seqs: one counter per user in memory, started from the user's highest stored
 * seq the first time the user is seen after a start, so seqs keep increasing across
 * restarts.
 */
@StandaloneMode
@Component
class InMemorySeqAllocator implements SeqAllocator {

	private final StoredSeqs history;

	private final ConcurrentHashMap<Long, AtomicLong> counters = new ConcurrentHashMap<>();

	InMemorySeqAllocator(StoredSeqs history) {
		this.history = history;
	}

	@Override
	public long current(long userId) {
		// not under the allocator's lock: a first look-up reads the database
		AtomicLong counter = this.counters.get(userId);
		return (counter != null) ? counter.get() : this.history.highestSeq(userId);
	}

	@Override
	public synchronized long[] next(List<Long> userIds) {
		long[] seqs = new long[userIds.size()];
		for (int i = 0; i < seqs.length; i++) {
			seqs[i] = this.counters.computeIfAbsent(userIds.get(i), (id) -> new AtomicLong(this.history.highestSeq(id)))
				.incrementAndGet();
		}
		return seqs;
	}

}
