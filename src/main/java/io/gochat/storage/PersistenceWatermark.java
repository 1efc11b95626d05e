package io.gochat.storage;

import java.util.Map;

/**
 * Tells when every message ACKed so far has reached the {@code message} table, so a sync
 * started after an ACK can wait for it (read after ACK, ADR 2).
 */
public interface PersistenceWatermark {

	/**
	 * What is confirmed but possibly not stored yet, now.
	 */
	Mark mark();

	/**
	 * How far storage got, now: one read serves any number of waiting marks.
	 */
	Stored stored();

	/**
	 * Per incarnation, the batch up to which everything is stored (or, refused by the
	 * database, dead-lettered).
	 */
	record Stored(Map<String, Long> upTo) {

		public static final Stored EVERYTHING = new Stored(null);

		/**
		 * Whether everything in the mark is stored.
		 */
		public boolean covers(Mark mark) {
			if (this.upTo == null) {
				return true;
			}
			for (Map.Entry<String, Long> entry : mark.pending().entrySet()) {
				if (this.upTo.getOrDefault(entry.getKey(), -1L) < entry.getValue()) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * Per publishing node incarnation ({@code ip:rpc-port#start}), the highest batch that
	 * was confirmed and may still wait to be stored.
	 *
	 * @param pending empty when nothing waits
	 */
	record Mark(Map<String, Long> pending) {

		public static final Mark NOTHING = new Mark(Map.of());

		public boolean isEmpty() {
			return this.pending.isEmpty();
		}

		/**
		 * The node address of an incarnation.
		 */
		public static String nodeOf(String incarnation) {
			int at = incarnation.lastIndexOf('#');
			return (at < 0) ? incarnation : incarnation.substring(0, at);
		}

	}

}
