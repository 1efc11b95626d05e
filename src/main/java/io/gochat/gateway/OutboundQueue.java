package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.node.Refusals;
import io.gochat.wire.OutputBatchEncoder;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of one connection. Any thread may {@link #offer} a serialized
 * {@code Output}; the channel's event loop packs whatever is pending into
 * {@code OutputBatch} frames of at most 50 outputs, writes them all and flushes once. A
 * lone output is flushed at once; under load, outputs that arrive while a flush is queued
 * share its frames, so there is no per-connection timer and no syscall per delivery.
 * <p>
 * Bounded in outputs and in bytes, and by the node's {@link ByteBudget}: while the socket
 * does not drain, outputs wait here; a client with more waiting than its bounds allow (or
 * whose output does not fit in the node's budget while it has some waiting) is too slow
 * and is disconnected (it resyncs by seq), so it never holds back others nor fills the
 * heap. Each such disconnection is counted in {@link Refusals}.
 */
final class OutboundQueue {

	private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);

	private final Channel channel;

	private final Bounds bounds;

	private final Runnable onWrite;

	// byte[] or Tracked
	private final Queue<Object> pending = new ConcurrentLinkedQueue<>();

	// touched only by flush, on the event loop: the oldest timed output of each timer in
	// the frame being built
	private final List<Tracked> timedInFrame = new ArrayList<>(3);

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicLong bytes = new AtomicLong();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final AtomicBoolean closing = new AtomicBoolean();

	private final Runnable flushTask = this::flush;

	OutboundQueue(Channel channel, Bounds bounds, Runnable onWrite) {
		this.channel = channel;
		this.bounds = bounds;
		this.onWrite = onWrite;
	}

	/**
	 * Queues an output for the client.
	 * @return false if the connection is closed or was just closed for falling behind
	 */
	boolean offer(byte[] output) {
		return offer(output, output);
	}

	/**
	 * Queues an output and runs {@code onSent} on the event loop once it has been handed
	 * to the socket (not if the connection closes first).
	 * @return false if the connection is closed or was just closed for falling behind
	 */
	boolean offer(byte[] output, Runnable onSent) {
		return offer(new Tracked(output, onSent, 0, null), output);
	}

	/**
	 * Queues an output whose write to the socket is measured: {@code timer} records the
	 * time from {@code sinceNanos} ({@link System#nanoTime()}) until the event loop
	 * writes it. Sampled: one observation per downstream frame and timer, that of the
	 * oldest such output in the frame (so percentiles err on the slow side).
	 * @return false if the connection is closed or was just closed for falling behind
	 */
	boolean offer(byte[] output, long sinceNanos, Timer timer) {
		return offer(new Tracked(output, null, sinceNanos, timer), output);
	}

	private boolean offer(Object entry, byte[] output) {
		if (!this.channel.isActive() || this.closing.get()) {
			return false;
		}
		if (this.size.incrementAndGet() > this.bounds.maxOutputs()) {
			this.size.decrementAndGet();
			return refuse("outbound-queue-limit");
		}
		long length = output.length;
		long before = this.bytes.getAndAdd(length);
		if (before + length > this.bounds.maxBytes() && before > 0) {
			this.bytes.addAndGet(-length);
			this.size.decrementAndGet();
			return refuse("outbound-bytes-per-connection");
		}
		if (!this.bounds.node().reserve(length, before == 0)) {
			this.bytes.addAndGet(-length);
			this.size.decrementAndGet();
			return refuse("outbound-bytes-per-node");
		}
		this.pending.add(entry);
		if (this.flushScheduled.compareAndSet(false, true)) {
			this.channel.eventLoop().execute(this.flushTask);
		}
		return true;
	}

	private boolean refuse(String limit) {
		if (this.closing.compareAndSet(false, true)) {
			this.bounds.refusals().count(limit);
			log.warn("Disconnecting {}: too slow to read, {} outputs and {} bytes waiting (limit {})",
					this.channel.remoteAddress(), this.size.get(), this.bytes.get(), limit);
			// The socket is not draining, so a close frame would only queue behind
			// everything else.
			this.channel.eventLoop().execute(this::closeSlowClient);
		}
		return false;
	}

	int pending() {
		return this.size.get();
	}

	long pendingBytes() {
		return this.bytes.get();
	}

	/**
	 * Writes pending outputs while the socket accepts them. Runs on the event loop;
	 * called again when the channel becomes writable.
	 */
	void flush() {
		// cleared first: an offer racing with this drain schedules another flush
		this.flushScheduled.set(false);
		if (!this.channel.isActive()) {
			discard();
			return;
		}
		boolean wrote = false;
		List<byte[]> batch = new ArrayList<>(GatewayProperties.OUTPUTS_PER_FRAME);
		List<Runnable> sent = null;
		while (this.channel.isWritable()) {
			Object entry;
			long batchBytes = 0;
			while (batch.size() < GatewayProperties.OUTPUTS_PER_FRAME && (entry = this.pending.poll()) != null) {
				byte[] output;
				if (entry instanceof Tracked tracked) {
					output = tracked.output();
					if (tracked.onSent() != null) {
						if (sent == null) {
							sent = new ArrayList<>(2);
						}
						sent.add(tracked.onSent());
					}
					if (tracked.timer() != null) {
						oldestOfEachTimer(tracked);
					}
				}
				else {
					output = (byte[]) entry;
				}
				batch.add(output);
				batchBytes += output.length;
			}
			if (batch.isEmpty()) {
				break;
			}
			this.size.addAndGet(-batch.size());
			this.bytes.addAndGet(-batchBytes);
			this.bounds.node().release(batchBytes);
			this.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(OutputBatchEncoder.encode(batch))),
					this.channel.voidPromise());
			batch.clear();
			wrote = true;
			recordWritten();
		}
		if (wrote) {
			this.channel.flush();
			this.onWrite.run();
		}
		if (sent != null) {
			sent.forEach(Runnable::run);
		}
	}

	// Outputs leave oldest first, so the first of each timer in a frame is its slowest.
	private void oldestOfEachTimer(Tracked tracked) {
		for (int i = 0; i < this.timedInFrame.size(); i++) {
			if (this.timedInFrame.get(i).timer() == tracked.timer()) {
				return;
			}
		}
		this.timedInFrame.add(tracked);
	}

	// A recording costs far more than queueing an output (a clock read and atomic updates
	// of a histogram: about 0.2-0.4 us here), so each timer gets one observation per
	// frame, the oldest output's, and one clock read serves the whole frame.
	private void recordWritten() {
		if (this.timedInFrame.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		for (int i = 0; i < this.timedInFrame.size(); i++) {
			Tracked tracked = this.timedInFrame.get(i);
			tracked.timer().record(now - tracked.sinceNanos(), TimeUnit.NANOSECONDS);
		}
		this.timedInFrame.clear();
	}

	/** Drops what is waiting and gives its bytes back to the node's budget. */
	void discard() {
		Object entry;
		long dropped = 0;
		int count = 0;
		while ((entry = this.pending.poll()) != null) {
			dropped += (entry instanceof Tracked tracked) ? tracked.output().length : ((byte[]) entry).length;
			count++;
		}
		this.size.addAndGet(-count);
		this.bytes.addAndGet(-dropped);
		this.bounds.node().release(dropped);
	}

	private void closeSlowClient() {
		discard();
		this.channel.close();
	}

	/**
	 * How much may wait for one connection.
	 *
	 * @param maxOutputs outputs ({@code app.outbound-queue-limit})
	 * @param maxBytes bytes ({@code app.limits.outbound-bytes-per-connection}); a single
	 * output larger than this is still accepted when nothing else waits
	 * @param node the node-wide budget
	 * @param refusals where disconnections are counted
	 */
	record Bounds(int maxOutputs, long maxBytes, ByteBudget node, Refusals refusals) {

		/** Generous bounds for tests of other things. */
		static Bounds unlimited() {
			return new Bounds(Integer.MAX_VALUE, Long.MAX_VALUE, new ByteBudget(Long.MAX_VALUE), Refusals.inMemory());
		}

	}

	/**
	 * A queued output with something to do once written: {@code onSent} (or null), and
	 * {@code timer} to measure its wait from {@code sinceNanos} (or null).
	 */
	private record Tracked(byte[] output, Runnable onSent, long sinceNanos, Timer timer) {
	}

}
