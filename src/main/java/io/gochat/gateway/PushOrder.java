package io.gochat.gateway;

import java.util.Arrays;

/**
 * Puts one connection's pushes back in seq order when they arrive from several nodes.
 * <p>
 * From the counter read at login on, every seq of the user is one of: a push to the user
 * (from this node's delivery pipeline or from another node's), a seq this node's pipeline
 * says will not be pushed ({@link #skip}: the user's own copy of a message it sent here,
 * a copy of a refused batch, a single-chat copy whose receiver it located elsewhere), or,
 * rarely, a seq that never arrives (a copy another node refused or located elsewhere, a
 * message the user sent on a connection it just left, a push a peer dropped). A push
 * ahead of a missing seq is held until the seq arrives or is skipped, or until it has
 * waited the hold time ({@link #giveUp}: the connection's timer); a push that lands after
 * its seq was given up on is delivered at once (late, but not lost).
 * <p>
 * The common case, a push or skip of the seq expected next with nothing held, touches two
 * fields and allocates nothing. Held entries live in a ring indexed by seq, made on the
 * first gap and grown up to {@code maxHeld}; a seq further ahead than that gives up on
 * everything below it at once (a counter re-seeded after Redis lost it jumps ahead by
 * {@code app.seq.reseed-margin}).
 * <p>
 * Held pushes are bounded in bytes as well, per connection ({@code maxHeldBytes}) and by
 * the node's outbound budget: a push that does not fit gives up on the lowest gap instead
 * of waiting for it, so ordering never holds more memory than the outbound queues may.
 * <p>
 * Not thread-safe: the connection calls it under its lock.
 */
final class PushOrder {

	// a skipped seq held in the ring
	private static final byte[] SKIPPED = new byte[0];

	private static final int FIRST_CAPACITY = 16;

	private final int maxHeld;

	private final long maxHeldBytes;

	private final ByteBudget node;

	// bytes of the pushes held, taken from the node's budget too
	private long heldBytes;

	// the seq expected next; 0 until started (pushes then pass through unordered)
	private long next;

	// highest seq passed through before the start
	private long passedBeforeStart;

	// held entries by seq & (length - 1); null until the first gap
	private byte[][] held;

	private long[] heldSince;

	// entries held (pushes and skips)
	private int count;

	// highest seq held, when count > 0
	private long highest;

	private long heldTotal;

	private long givenUpTotal;

	/** Bounded in entries only: for tests of the order itself. */
	PushOrder(int maxHeld) {
		this(maxHeld, Long.MAX_VALUE, new ByteBudget(Long.MAX_VALUE));
	}

	PushOrder(int maxHeld, long maxHeldBytes, ByteBudget node) {
		this.maxHeld = Math.max(1, maxHeld);
		this.maxHeldBytes = maxHeldBytes;
		this.node = node;
	}

	/**
	 * Orders pushes from the user's current seq on (read at login, after the connection
	 * became reachable). Pushes that passed before are counted in, so a counter read
	 * lower than a push already delivered does not open a false gap.
	 */
	void start(long currentSeq) {
		if (this.next == 0) {
			this.next = Math.max(currentSeq, this.passedBeforeStart) + 1;
		}
	}

	boolean started() {
		return this.next != 0;
	}

	/**
	 * Whether the push may be queued now, ahead of anything held; then it is counted as
	 * delivered and the caller queues it, and calls {@link #drain} if {@link #waiting}.
	 * False: the caller {@link #hold holds} it.
	 */
	boolean admit(long seq) {
		if (seq <= 0) {
			// not a push this node can order
			return true;
		}
		if (seq == this.next) {
			this.next = seq + 1;
			return true;
		}
		if (this.next == 0) {
			this.passedBeforeStart = Math.max(this.passedBeforeStart, seq);
			return true;
		}
		// late: its seq was given up on, or is below the counter read at login
		return seq < this.next;
	}

	/**
	 * Holds a push that {@link #admit} refused, until the seqs below it come; releases
	 * whatever that frees (a push too far ahead gives up on the gap at once).
	 */
	void hold(long seq, byte[] output, long nowNanos, Release out) {
		put(seq, output, nowNanos, out);
	}

	/**
	 * A seq that will not be pushed by this node; releases what waited for it.
	 */
	void skip(long seq, long nowNanos, Release out) {
		if (this.next == 0 || seq < this.next) {
			return;
		}
		if (seq == this.next) {
			this.next = seq + 1;
			if (this.count > 0) {
				drain(out);
			}
			return;
		}
		put(seq, SKIPPED, nowNanos, out);
	}

	/** Releases the held pushes that follow the seq expected next without a gap. */
	void drain(Release out) {
		while (this.count > 0) {
			int slot = slot(this.next);
			byte[] output = this.held[slot];
			if (output == null) {
				return;
			}
			this.held[slot] = null;
			this.count--;
			long seq = this.next++;
			if (output != SKIPPED) {
				unheld(output);
				out.release(seq, output);
			}
		}
	}

	/** Entries held: pushes waiting for a lower seq, and skips ahead of a gap. */
	int waiting() {
		return this.count;
	}

	/**
	 * Gives up on the missing seqs below every entry held for {@code holdNanos} or more:
	 * releases those entries and all held below them, in order.
	 * @return nanoseconds until the next entry has been held that long, or -1 if nothing
	 * is held
	 */
	long giveUp(long nowNanos, long holdNanos, Release out) {
		if (this.count == 0) {
			return -1;
		}
		long upTo = 0;
		for (long seq = this.next + 1; seq <= this.highest; seq++) {
			int slot = slot(seq);
			if (this.held[slot] != null && nowNanos - this.heldSince[slot] >= holdNanos) {
				upTo = seq;
			}
		}
		if (upTo > 0) {
			releaseUpTo(upTo, out);
			drain(out);
		}
		if (this.count == 0) {
			return -1;
		}
		long oldest = Long.MAX_VALUE;
		for (long seq = this.next + 1; seq <= this.highest; seq++) {
			int slot = slot(seq);
			if (this.held[slot] != null && this.heldSince[slot] - oldest < 0) {
				oldest = this.heldSince[slot];
			}
		}
		return Math.max(0, oldest + holdNanos - nowNanos);
	}

	/** Pushes held so far (each once). */
	long heldTotal() {
		return this.heldTotal;
	}

	/** Seqs given up on so far: never came within the hold time. */
	long givenUpTotal() {
		return this.givenUpTotal;
	}

	private void put(long seq, byte[] output, long nowNanos, Release out) {
		if (seq - this.next >= this.maxHeld) {
			// too far ahead to wait for what is missing below
			releaseUpTo(seq - 1, out);
			this.next = seq;
			if (admit(seq) && output != SKIPPED) {
				out.release(seq, output);
			}
			drain(out);
			return;
		}
		if (output != SKIPPED && !makeRoom(seq, output.length, out)) {
			// the gaps below it were given up on to make room: it is next now
			if (admit(seq)) {
				out.release(seq, output);
			}
			drain(out);
			return;
		}
		ensureCapacity(seq);
		int slot = slot(seq);
		if (this.held[slot] != null) {
			// the same seq twice (a retried peer call): the first is kept
			if (output != SKIPPED) {
				unheld(output);
			}
			return;
		}
		this.held[slot] = output;
		this.heldSince[slot] = nowNanos;
		if (this.count == 0 || seq > this.highest) {
			this.highest = seq;
		}
		this.count++;
		if (output != SKIPPED) {
			this.heldTotal++;
		}
	}

	/**
	 * Takes {@code bytes} for a push to hold, giving up on the lowest gaps while they do
	 * not fit. A push with nothing left held below it is taken even over the bounds (as
	 * an outbound queue takes the output of a client that keeps up).
	 * @return false if every gap below {@code seq} was given up on instead
	 */
	private boolean makeRoom(long seq, int bytes, Release out) {
		while (this.heldBytes + bytes > this.maxHeldBytes || !this.node.reserve(bytes, false)) {
			long lowest = lowestHeld();
			if (lowest < 0 || lowest > seq) {
				releaseUpTo(seq - 1, out);
				return false;
			}
			releaseUpTo(lowest, out);
			drain(out);
			if (seq <= this.next) {
				return false;
			}
		}
		this.heldBytes += bytes;
		return true;
	}

	private long lowestHeld() {
		if (this.count == 0) {
			return -1;
		}
		for (long seq = this.next; seq <= this.highest; seq++) {
			if (this.held[slot(seq)] != null) {
				return seq;
			}
		}
		return -1;
	}

	private void unheld(byte[] output) {
		this.heldBytes -= output.length;
		this.node.release(output.length);
	}

	/** Drops everything held (the connection closed) and gives its bytes back. */
	void discard() {
		if (this.held != null) {
			Arrays.fill(this.held, null);
		}
		this.count = 0;
		this.node.release(this.heldBytes);
		this.heldBytes = 0;
	}

	long heldBytes() {
		return this.heldBytes;
	}

	// releases every entry held up to and including upTo; what was missing is given up
	private void releaseUpTo(long upTo, Release out) {
		long seq = this.next;
		// everything held lies within one turn of the ring from next
		for (; seq <= upTo && this.count > 0; seq++) {
			int slot = slot(seq);
			byte[] output = this.held[slot];
			if (output == null) {
				this.givenUpTotal++;
				continue;
			}
			this.held[slot] = null;
			this.count--;
			if (output != SKIPPED) {
				unheld(output);
				out.release(seq, output);
			}
		}
		if (seq <= upTo) {
			this.givenUpTotal += upTo - seq + 1;
		}
		this.next = Math.max(this.next, upTo + 1);
	}

	private void ensureCapacity(long seq) {
		long needed = seq - this.next + 1;
		if (this.held != null && needed <= this.held.length) {
			return;
		}
		int capacity = (this.held != null) ? this.held.length : FIRST_CAPACITY;
		while (capacity < needed) {
			capacity <<= 1;
		}
		byte[][] grown = new byte[capacity][];
		long[] grownSince = new long[capacity];
		if (this.held != null && this.count > 0) {
			for (long s = this.next; s <= this.highest; s++) {
				int from = slot(s);
				int to = (int) (s & (capacity - 1));
				grown[to] = this.held[from];
				grownSince[to] = this.heldSince[from];
			}
		}
		this.held = grown;
		this.heldSince = grownSince;
	}

	private int slot(long seq) {
		return (int) (seq & (this.held.length - 1));
	}

	/** Where released pushes go, in seq order. */
	@FunctionalInterface
	interface Release {

		void release(long seq, byte[] output);

	}

}
