package io.gochat.gateway;

import java.util.Iterator;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.netty.util.Timeout;
import io.netty.util.Timer;

/**
 * The pushes of one connection that wait for the client's ACK ({@code ACKMsg{AT_Push,
 * seq}}: every push up to that seq). A push not acknowledged in time is sent again, with
 * the wait doubled each time, up to {@code maxRetransmits} times; then, or when more than
 * {@code maxUnacked} pushes wait, the connection is given up on (closed: the client
 * reconnects and syncs). One timer entry per connection, only while pushes wait.
 */
final class PushAcks {

	private final Timer timer;

	private final PushAckProperties settings;

	private final Consumer<byte[]> resend;

	private final Consumer<String> giveUp;

	// guarded by this
	private final TreeMap<Long, Pending> unacked = new TreeMap<>();

	// guarded by this; the client's ACK can reach this node before the push it covers is
	// recorded here (the write runs first), so a push at or below it is not kept
	private long ackedThrough;

	// guarded by this
	private Timeout scheduled;

	// guarded by this
	private boolean done;

	PushAcks(Timer timer, PushAckProperties settings, Consumer<byte[]> resend, Consumer<String> giveUp) {
		this.timer = timer;
		this.settings = settings;
		this.resend = resend;
		this.giveUp = giveUp;
	}

	/**
	 * Keeps a push just sent until it is acknowledged.
	 */
	void sent(long seq, byte[] output) {
		String reason = null;
		synchronized (this) {
			if (this.done || seq <= this.ackedThrough) {
				return;
			}
			if (this.unacked.size() >= this.settings.maxUnacked()) {
				reason = "more than " + this.settings.maxUnacked() + " pushes not acknowledged";
				stop();
			}
			else {
				this.unacked.put(seq, new Pending(output, System.nanoTime() + this.settings.timeout().toNanos()));
				schedule();
			}
		}
		if (reason != null) {
			this.giveUp.accept(reason);
		}
	}

	/**
	 * The client has every push up to {@code seq}.
	 */
	synchronized void acked(long seq) {
		this.ackedThrough = Math.max(this.ackedThrough, seq);
		this.unacked.headMap(seq, true).clear();
		if (this.unacked.isEmpty() && this.scheduled != null) {
			this.scheduled.cancel();
			this.scheduled = null;
		}
	}

	synchronized int waiting() {
		return this.unacked.size();
	}

	/** Forgets everything: the connection is closed. */
	synchronized void stop() {
		this.done = true;
		this.unacked.clear();
		if (this.scheduled != null) {
			this.scheduled.cancel();
			this.scheduled = null;
		}
	}

	// guarded by this
	private void schedule() {
		if (this.scheduled != null || this.unacked.isEmpty() || this.done) {
			return;
		}
		long earliest = Long.MAX_VALUE;
		for (Pending pending : this.unacked.values()) {
			earliest = Math.min(earliest, pending.deadline);
		}
		long delay = Math.max(0, earliest - System.nanoTime());
		this.scheduled = this.timer.newTimeout(this::due, delay, TimeUnit.NANOSECONDS);
	}

	private void due(Timeout timeout) {
		String reason = null;
		synchronized (this) {
			if (this.scheduled != timeout || this.done) {
				return;
			}
			this.scheduled = null;
			long now = System.nanoTime();
			for (Iterator<java.util.Map.Entry<Long, Pending>> it = this.unacked.entrySet().iterator(); it.hasNext();) {
				java.util.Map.Entry<Long, Pending> entry = it.next();
				Pending pending = entry.getValue();
				if (now - pending.deadline < 0) {
					continue;
				}
				if (pending.retransmits >= this.settings.maxRetransmits()) {
					reason = "push of seq " + entry.getKey() + " not acknowledged after "
							+ this.settings.maxRetransmits() + " retransmits";
					break;
				}
				pending.retransmits++;
				pending.deadline = now + (this.settings.timeout().toNanos() << pending.retransmits);
				this.resend.accept(pending.output);
			}
			if (reason != null) {
				stop();
			}
			else {
				schedule();
			}
		}
		if (reason != null) {
			this.giveUp.accept(reason);
		}
	}

	private static final class Pending {

		final byte[] output;

		long deadline;

		int retransmits;

		Pending(byte[] output, long deadline) {
			this.output = output;
			this.deadline = deadline;
		}

	}

}
