package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.gochat.node.Refusals;
import io.gochat.protocol.OutputBatch;
import io.gochat.wire.OutputBatchEncoder;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundQueueTests {

	EmbeddedChannel channel = new EmbeddedChannel();

	AtomicInteger writes = new AtomicInteger();

	Refusals refusals = Refusals.inMemory();

	ByteBudget node = new ByteBudget(1024 * 1024);

	OutboundQueue.Bounds bounds(int outputs) {
		return new OutboundQueue.Bounds(outputs, 64 * 1024, this.node, this.refusals);
	}

	OutboundQueue queue = new OutboundQueue(this.channel, bounds(200), this.writes::incrementAndGet);

	static byte[] output(int i) {
		return ("output-" + i).getBytes();
	}

	List<OutputBatch> frames() throws Exception {
		List<OutputBatch> frames = new ArrayList<>();
		Object written;
		while ((written = this.channel.readOutbound()) != null) {
			ByteBuf content = ((BinaryWebSocketFrame) written).content();
			byte[] bytes = new byte[content.readableBytes()];
			content.readBytes(bytes);
			((BinaryWebSocketFrame) written).release();
			frames.add(OutputBatch.parseFrom(bytes));
		}
		return frames;
	}

	@Test
	void aLoneOutputIsFlushedAtOnceInItsOwnFrame() throws Exception {
		this.queue.offer(output(1));
		this.channel.runPendingTasks();
		List<OutputBatch> frames = frames();
		assertThat(frames).hasSize(1);
		assertThat(frames.get(0).getOutputsList()).extracting((b) -> b.toStringUtf8()).containsExactly("output-1");
		assertThat(this.writes).hasValue(1);
	}

	@Test
	void eachFrameIsTimedOncePerTimerByItsOldestOutput() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		Timer pushes = registry.timer("push");
		Timer acks = registry.timer("ack");
		long now = System.nanoTime();
		for (int i = 0; i < 120; i++) {
			// the first is the oldest: 5 s ago; the others 1 s ago
			this.queue.offer(output(i), now - TimeUnit.SECONDS.toNanos((i == 0) ? 5 : 1), pushes);
		}
		this.queue.offer(output(200), now, acks);
		this.queue.offer(output(201));
		this.channel.runPendingTasks();
		assertThat(frames()).extracting(OutputBatch::getOutputsCount).containsExactly(50, 50, 22);
		assertThat(pushes.count()).as("one observation per frame").isEqualTo(3);
		assertThat(pushes.max(TimeUnit.SECONDS)).isBetween(5.0, 6.0);
		assertThat(acks.count()).isEqualTo(1);
	}

	@Test
	void pendingOutputsArePackedFiftyToAFrameInOrder() throws Exception {
		for (int i = 0; i < 120; i++) {
			this.queue.offer(output(i));
		}
		this.channel.runPendingTasks();
		List<OutputBatch> frames = frames();
		assertThat(frames).extracting(OutputBatch::getOutputsCount).containsExactly(50, 50, 20);
		List<String> all = frames.stream()
			.flatMap((f) -> f.getOutputsList().stream())
			.map((b) -> b.toStringUtf8())
			.toList();
		assertThat(all).containsExactlyElementsOf(
				java.util.stream.IntStream.range(0, 120).mapToObj((i) -> "output-" + i).toList());
		assertThat(this.queue.pending()).isZero();
	}

	/**
	 * EmbeddedChannel never drains on its own: one frame buffered unflushed makes it
	 * report itself unwritable.
	 */
	void stallTheSocket() {
		this.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
		this.channel.write(new BinaryWebSocketFrame(
				io.netty.buffer.Unpooled.wrappedBuffer(OutputBatchEncoder.encode(List.of(output(-1))))));
	}

	@Test
	void waitsWhileTheSocketDoesNotDrainThenWritesTheRest() throws Exception {
		stallTheSocket();
		assertThat(this.channel.isWritable()).isFalse();
		this.queue.offer(output(1));
		this.channel.runPendingTasks();
		assertThat(this.queue.pending()).isEqualTo(1);
		this.channel.flush();
		assertThat(frames()).hasSize(1);
		assertThat(this.channel.isWritable()).isTrue();
		this.queue.flush();
		assertThat(frames()).singleElement()
			.satisfies((frame) -> assertThat(frame.getOutputs(0).toStringUtf8()).isEqualTo("output-1"));
		assertThat(this.queue.pending()).isZero();
	}

	@Test
	void aClientThatFallsTooFarBehindIsDisconnected() {
		stallTheSocket();
		for (int i = 0; i < 200; i++) {
			assertThat(this.queue.offer(output(i))).isTrue();
		}
		assertThat(this.queue.offer(output(200))).isFalse();
		this.channel.runPendingTasks();
		assertThat(this.channel.isActive()).isFalse();
		assertThat(this.queue.offer(output(201))).isFalse();
	}

	@Test
	void aClientWithMoreBytesWaitingThanItsBoundIsDisconnectedAndCounted() {
		stallTheSocket();
		byte[] big = new byte[20 * 1024];
		for (int i = 0; i < 3; i++) {
			assertThat(this.queue.offer(big)).isTrue();
		}
		assertThat(this.queue.pendingBytes()).isEqualTo(3 * big.length);
		assertThat(this.queue.offer(big)).isFalse();
		this.channel.runPendingTasks();
		assertThat(this.channel.isActive()).isFalse();
		assertThat(this.refusals.counted("outbound-bytes-per-connection")).isEqualTo(1);
		assertThat(this.node.used()).isZero();
	}

	@Test
	void aLoneOutputLargerThanTheBoundIsStillSent() throws Exception {
		assertThat(this.queue.offer(new byte[100 * 1024])).isTrue();
		this.channel.runPendingTasks();
		assertThat(frames()).hasSize(1);
		assertThat(this.node.used()).isZero();
	}

	@Test
	void theNodeBudgetIsSharedAndGivenBackWhenWritten() throws Exception {
		ByteBudget small = new ByteBudget(50 * 1024);
		EmbeddedChannel other = new EmbeddedChannel();
		OutboundQueue first = new OutboundQueue(this.channel,
				new OutboundQueue.Bounds(100, 64 * 1024, small, this.refusals), () -> {
				});
		OutboundQueue second = new OutboundQueue(other, new OutboundQueue.Bounds(100, 64 * 1024, small, this.refusals),
				() -> {
				});
		stallTheSocket();
		assertThat(first.offer(new byte[20 * 1024])).isTrue();
		assertThat(first.offer(new byte[20 * 1024])).isTrue();
		// nothing waits for the second client: it keeps up, so it is not refused
		other.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
		other.write(new BinaryWebSocketFrame(io.netty.buffer.Unpooled.wrappedBuffer(new byte[8])));
		assertThat(second.offer(new byte[20 * 1024])).isTrue();
		// but with something waiting, over the budget it is
		assertThat(second.offer(new byte[1024])).isFalse();
		assertThat(this.refusals.counted("outbound-bytes-per-node")).isEqualTo(1);
		other.runPendingTasks();
		assertThat(other.isActive()).isFalse();
		assertThat(small.used()).isEqualTo(40 * 1024);
		// the first drains: its bytes go back
		this.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32 * 1024, 64 * 1024));
		this.channel.flush();
		first.flush();
		assertThat(small.used()).isZero();
	}

	@Test
	void runsTheCallbackOfAnOutputOnceItIsWrittenOut() {
		stallTheSocket();
		AtomicInteger sent = new AtomicInteger();
		assertThat(this.queue.offer(output(1), sent::incrementAndGet)).isTrue();
		this.channel.runPendingTasks();
		assertThat(sent).hasValue(0);
		this.channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(32 * 1024, 64 * 1024));
		this.channel.flush();
		this.queue.flush();
		assertThat(sent).hasValue(1);
	}

}
