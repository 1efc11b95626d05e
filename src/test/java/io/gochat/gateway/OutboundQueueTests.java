package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

	OutboundQueue queue = new OutboundQueue(this.channel, 200, this.writes::incrementAndGet);

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

}
