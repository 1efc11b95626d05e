package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gochat.wire.OutputBatchEncoder;
import io.micrometer.core.instrument.Timer;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;

/**
 * The single writer of one connection. Any thread may {@link #offer} a serialized
 * {@code Output}; the channel's event loop packs whatever is pending into
 * {@code OutputBatch} frames of at most 50 outputs, writes them all and flushes once. A
 * lone output is flushed at once; under load, outputs that arrive while a flush is queued
 * share its frames, so there is no per-connection timer and no syscall per delivery.
 * <p>
 * Bounded: while the socket does not drain, outputs wait here; when {@code limit} are
 * waiting the client is too slow and is disconnected (it resyncs by seq), so it never
 * holds back others.
 */
final class OutboundQueue {

	private final Channel channel;

	private final int limit;

	private final Runnable onWrite;

	private final Queue<Outgoing> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final Runnable flushTask = this::flush;

	// touched only by flush, on the event loop: the oldest
	// output of each timer in the frame being built
	private final List<Outgoing> timedInFrame = new ArrayList<>(3);

	OutboundQueue(Channel channel, int limit, Runnable onWrite) {
		this.channel = channel;
		this.limit = limit;
		this.onWrite = onWrite;
	}

	/**
	 * Queues an output for the client.
	 * @return false if the connection is closed or was just closed for falling behind
	 */
	boolean offer(byte[] output) {
		return offer(output, 0, null);
	}

	/**
	 * Queues an output whose write to the socket is measured: {@code timer} records the
	 * time from {@code sinceNanos} ({@link System#nanoTime()}) until the event loop
	 * writes it. Sampled: one observation per downstream frame and timer, that of the
	 * oldest such output in the frame (so percentiles err on the slow side).
	 * @return false if the connection is closed or was just closed for falling behind
	 */
	boolean offer(byte[] output, long sinceNanos, Timer timer) {
		if (!this.channel.isActive()) {
			return false;
		}
		if (this.size.incrementAndGet() > this.limit) {
			this.size.decrementAndGet();
			this.channel.eventLoop().execute(this::closeSlowClient);
			return false;
		}
		this.pending.add(new Outgoing(output, sinceNanos, timer));
		if (this.flushScheduled.compareAndSet(false, true)) {
			this.channel.eventLoop().execute(this.flushTask);
		}
		return true;
	}

	int pending() {
		return this.size.get();
	}

	/**
	 * Writes pending outputs while the socket accepts them. Runs on the event loop;
	 * called again when the channel becomes writable.
	 */
	void flush() {
		// cleared first: an offer racing with this drain schedules another flush
		this.flushScheduled.set(false);
		if (!this.channel.isActive()) {
			this.pending.clear();
			this.size.set(0);
			return;
		}
		boolean wrote = false;
		List<byte[]> batch = new ArrayList<>(GatewayProperties.OUTPUTS_PER_FRAME);
		while (this.channel.isWritable()) {
			Outgoing outgoing;
			while (batch.size() < GatewayProperties.OUTPUTS_PER_FRAME && (outgoing = this.pending.poll()) != null) {
				batch.add(outgoing.output());
				if (outgoing.timer() != null) {
					oldestOfEachTimer(outgoing);
				}
			}
			if (batch.isEmpty()) {
				break;
			}
			this.size.addAndGet(-batch.size());
			this.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(OutputBatchEncoder.encode(batch))),
					this.channel.voidPromise());
			batch.clear();
			recordWritten();
			wrote = true;
		}
		if (wrote) {
			this.channel.flush();
			this.onWrite.run();
		}
	}

	// Outputs leave oldest first, so the first of each timer in a frame is its slowest.
	private void oldestOfEachTimer(Outgoing outgoing) {
		for (int i = 0; i < this.timedInFrame.size(); i++) {
			if (this.timedInFrame.get(i).timer() == outgoing.timer()) {
				return;
			}
		}
		this.timedInFrame.add(outgoing);
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
			Outgoing outgoing = this.timedInFrame.get(i);
			outgoing.timer().record(now - outgoing.sinceNanos(), TimeUnit.NANOSECONDS);
		}
		this.timedInFrame.clear();
	}

	// The socket is not draining, so a close frame
	// would only queue behind everything else.
	private void closeSlowClient() {
		this.channel.close();
	}

	/** A queued output; {@code timer} null when its write is not measured. */
	private record Outgoing(byte[] output, long sinceNanos, Timer timer) {
	}

}
