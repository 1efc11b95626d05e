package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one user's pushes back in seq order when they arrive from several nodes.
 * <p>
 * Every seq of a user is one of: a push to the user (from any node), the user's own copy
 * of a message it sent (announced by {@link #skip}, never pushed), or a seq that will
 * never arrive (its message failed, or a node saw the user offline). A push after a
 * missing seq waits until the missing one arrives or is skipped, or until the caller's
 * timeout gives up on it and calls {@link #releaseAll}. Not thread-safe: the connection
 * guards it.
 */
final class PushOrder {

	// a skipped seq in the waiting map
	private static final byte[] SKIPPED = new byte[0];

	// the seq expected next; 0 until the first push, skip or start
	private long next;

	private TreeMap<Long, byte[]> waiting;

	/**
	 * Starts from the user's current seq, read at login, unless a push came first.
	 */
	void start(long currentSeq) {
		if (this.next == 0) {
			this.next = currentSeq + 1;
		}
	}

	/**
	 * Takes a push; returns the pushes to release now, in order.
	 */
	List<byte[]> push(long seq, byte[] output) {
		if (seq <= 0) {
			return List.of(output);
		}
		if (this.next == 0 || seq == this.next) {
			this.next = seq + 1;
			List<byte[]> released = new ArrayList<>(1);
			released.add(output);
			drain(released);
			return released;
		}
		if (seq < this.next) {
			// later than a seq already given up on: still worth delivering
			return List.of(output);
		}
		waiting().put(seq, output);
		return List.of();
	}

	/**
	 * Takes the seq of the user's own copy of a message; returns the pushes it unblocks.
	 */
	List<byte[]> skip(long seq) {
		if (this.next == 0 || seq == this.next) {
			this.next = seq + 1;
			List<byte[]> released = new ArrayList<>();
			drain(released);
			return released;
		}
		if (seq > this.next) {
			waiting().put(seq, SKIPPED);
		}
		return List.of();
	}

	/**
	 * Gives up on the missing seqs: returns everything waiting, in order.
	 */
	List<byte[]> releaseAll() {
		List<byte[]> released = new ArrayList<>();
		if (this.waiting != null) {
			for (Map.Entry<Long, byte[]> entry : this.waiting.entrySet()) {
				if (entry.getValue() != SKIPPED) {
					released.add(entry.getValue());
				}
				this.next = entry.getKey() + 1;
			}
			this.waiting.clear();
		}
		return released;
	}

	boolean hasWaiting() {
		return this.waiting != null && !this.waiting.isEmpty();
	}

	private void drain(List<byte[]> released) {
		while (this.waiting != null && !this.waiting.isEmpty() && this.waiting.firstKey() <= this.next) {
			Map.Entry<Long, byte[]> first = this.waiting.pollFirstEntry();
			if (first.getValue() != SKIPPED) {
				released.add(first.getValue());
			}
			this.next = Math.max(this.next, first.getKey() + 1);
		}
	}

	private TreeMap<Long, byte[]> waiting() {
		if (this.waiting == null) {
			this.waiting = new TreeMap<>();
		}
		return this.waiting;
	}

}
