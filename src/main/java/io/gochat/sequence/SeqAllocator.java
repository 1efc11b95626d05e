package io.gochat.sequence;

import java.util.List;

/**
 * Hands out each user's message seqs: strictly increasing per user, never reused.
 */
public interface SeqAllocator {

	/**
	 * The next seq of each user, in the order given, taken atomically as one step.
	 * @param userIds the owners; a user listed twice gets two seqs
	 * @return one seq per entry of {@code userIds}
	 */
	long[] next(List<Long> userIds);

	/**
	 * The user's latest seq handed out, 0 if none is known.
	 */
	long current(long userId);

}
