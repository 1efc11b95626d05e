package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.gochat.wire.OutputBatchEncoder;
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

	private final Queue<byte[]> pending = new ConcurrentLinkedQueue<>();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicBoolean flushScheduled = new AtomicBoolean();

	private final Runnable flushTask = this::flush;

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
		if (!this.channel.isActive()) {
			return false;
		}
		if (this.size.incrementAndGet() > this.limit) {
			this.size.decrementAndGet();
			this.channel.eventLoop().execute(this::closeSlowClient);
			return false;
		}
		this.pending.add(output);
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
			byte[] output;
			while (batch.size() < GatewayProperties.OUTPUTS_PER_FRAME && (output = this.pending.poll()) != null) {
				batch.add(output);
			}
			if (batch.isEmpty()) {
				break;
			}
			this.size.addAndGet(-batch.size());
			this.channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(OutputBatchEncoder.encode(batch))),
					this.channel.voidPromise());
			batch.clear();
			wrote = true;
		}
		if (wrote) {
			this.channel.flush();
			this.onWrite.run();
		}
	}

	// The socket is not draining, so a close frame
	// would only queue behind everything else.
	private void closeSlowClient() {
		this.channel.close();
	}

}
