package io.gochat.loadtest;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * What one receiving connection got: which messages (per sender, by clientId, so a second push
 * of the same message is recognised) and the last push seq (to spot pushes out of seq order).
 * Touched by the connection's event loop while running and by the main thread at the end, so
 * its methods are synchronized; the lock is uncontended while messages flow.
 */
final class ReceiverStats {

	private final int index;

	private final Map<Integer, BitSet> seenBySender = new HashMap<>();

	private long lastSeq;

	private long unique;

	private long duplicates;

	private long outOfOrder;

	ReceiverStats(int index) {
		this.index = index;
	}

	int index() {
		return this.index;
	}

	/**
	 * Records one push of a message of this run meant for this receiver.
	 * @return true if this receiver had not seen that message before
	 */
	synchronized boolean record(MessageTag tag, long seq) {
		if (seq <= this.lastSeq) {
			this.outOfOrder++;
		}
		else {
			this.lastSeq = seq;
		}
		BitSet seen = this.seenBySender.computeIfAbsent(tag.sender(), (sender) -> new BitSet());
		int bit = (int) tag.clientId();
		if (seen.get(bit)) {
			this.duplicates++;
			return false;
		}
		seen.set(bit);
		this.unique++;
		return true;
	}

	synchronized long unique() {
		return this.unique;
	}

	synchronized long duplicates() {
		return this.duplicates;
	}

	synchronized long outOfOrder() {
		return this.outOfOrder;
	}

}
