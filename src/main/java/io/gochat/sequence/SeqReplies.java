package io.gochat.sequence;

import java.util.List;

/**
 * Reads the reply of the batch INCR script.
 */
final class SeqReplies {

	private SeqReplies() {
	}

	/**
	 * The seqs in a script reply.
	 * @throws IllegalStateException if the reply does not hold exactly {@code expected}
	 * positive integers
	 */
	static long[] toSeqs(List<?> reply, int expected) {
		if (reply == null || reply.size() != expected) {
			throw new IllegalStateException("seq script returned "
					+ ((reply != null) ? reply.size() + " values" : "nothing") + " (expected: " + expected + ")");
		}
		long[] seqs = new long[expected];
		for (int i = 0; i < expected; i++) {
			if (!(reply.get(i) instanceof Number number) || number.longValue() <= 0) {
				throw new IllegalStateException(
						"seq script returned " + reply.get(i) + " at " + i + " (expected: a positive integer)");
			}
			seqs[i] = number.longValue();
		}
		return seqs;
	}

}
