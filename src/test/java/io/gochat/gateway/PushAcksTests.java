package io.gochat.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.gochat.protocol.CmdType;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.OutputBatch;
import io.gochat.protocol.PushMsg;
import io.gochat.wire.Outputs;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.HashedWheelTimer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Push ACKs and retransmits on one connection (EmbeddedChannel, a real timing wheel with
 * short waits).
 */
class PushAcksTests {

	final HashedWheelTimer timer = new HashedWheelTimer(5, TimeUnit.MILLISECONDS);

	final EmbeddedChannel channel = new EmbeddedChannel();

	final Connection connection = new Connection(this.channel, OutboundQueue.Bounds.unlimited());

	final ConnectionRegistry registry = new ConnectionRegistry(
			new io.gochat.metrics.ChatMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));

	final List<String> givenUp = new CopyOnWriteArrayList<>();

	PushAcks acks;

	PushAcksTests() {
		this.connection.loggedIn(7);
		this.registry.bind(7, this.connection);
	}

	@AfterEach
	void stopTimer() {
		this.timer.stop();
	}

	void enable(Duration timeout, int maxRetransmits, int maxUnacked) {
		this.acks = this.connection.enablePushAcks(() -> new PushAcks(this.timer,
				new PushAckProperties(timeout, maxRetransmits, maxUnacked), this.connection::send, this.givenUp::add));
	}

	static byte[] push(long seq) {
		return Output.newBuilder()
			.setType(CmdType.CT_Message)
			.setCode(200)
			.setData(PushMsg.newBuilder().setMsg(Message.newBuilder().setSeq(seq)).build().toByteString())
			.build()
			.toByteArray();
	}

	/** Seqs of the pushes written to the socket so far. */
	List<Long> written() throws Exception {
		this.channel.runPendingTasks();
		List<Long> seqs = new ArrayList<>();
		Object frame;
		while ((frame = this.channel.readOutbound()) != null) {
			ByteBuf content = ((BinaryWebSocketFrame) frame).content();
			byte[] bytes = new byte[content.readableBytes()];
			content.readBytes(bytes);
			((BinaryWebSocketFrame) frame).release();
			for (var output : OutputBatch.parseFrom(bytes).getOutputsList()) {
				seqs.add(Outputs.pushSeq(output.toByteArray()));
			}
		}
		return seqs;
	}

	@Test
	void connectionsThatNeverAckAreNotTracked() throws Exception {
		this.registry.push(7, 1, push(1), System.nanoTime());
		assertThat(this.connection.pushAcks()).isNull();
		Thread.sleep(50);
		assertThat(written()).containsExactly(1L);
	}

	@Test
	void anAcknowledgedPushIsNotSentAgain() throws Exception {
		enable(Duration.ofMillis(30), 3, 16);
		this.registry.push(7, 1, push(1), System.nanoTime());
		this.registry.push(7, 2, push(2), System.nanoTime());
		this.acks.acked(2);
		Thread.sleep(150);
		assertThat(written()).containsExactly(1L, 2L);
		assertThat(this.acks.waiting()).isZero();
	}

	@Test
	void anAckThatOvertakesItsPushKeepsThatPushFromBeingSentAgain() throws Exception {
		enable(Duration.ofMillis(300), 3, 16);
		// the client answers the write before the node has noted the push as sent
		this.acks.acked(2);
		this.acks.sent(1, push(1));
		this.acks.sent(2, push(2));
		this.acks.sent(3, push(3));
		assertThat(this.acks.waiting()).isEqualTo(1);
		// past the first wait (300 ms), well before the second (600 ms more): only 3 went
		// again
		Thread.sleep(600);
		assertThat(written()).containsExactly(3L);
		this.acks.acked(3);
		Thread.sleep(900);
		assertThat(written()).isEmpty();
		assertThat(this.acks.waiting()).isZero();
	}

	@Test
	void anAckCoversEveryPushUpToItsSeq() throws Exception {
		enable(Duration.ofMillis(40), 3, 16);
		for (long seq = 1; seq <= 3; seq++) {
			this.registry.push(7, seq, push(seq), System.nanoTime());
		}
		this.acks.acked(2);
		assertThat(this.acks.waiting()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(2)).until(() -> written().contains(3L) && this.acks.waiting() == 1);
	}

	@Test
	void anUnacknowledgedPushIsSentAgainWithBackOffThenTheConnectionIsGivenUp() throws Exception {
		enable(Duration.ofMillis(40), 2, 16);
		this.registry.push(7, 5, push(5), System.nanoTime());
		List<Long> seen = new ArrayList<>();
		long start = System.nanoTime();
		await().atMost(Duration.ofSeconds(3)).until(() -> {
			seen.addAll(written());
			return !this.givenUp.isEmpty();
		});
		long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
		// sent, resent after 40 ms, again after 80 ms more, given up 160 ms later
		assertThat(seen).containsExactly(5L, 5L, 5L);
		assertThat(elapsedMillis).isGreaterThanOrEqualTo(40 + 80 + 160 - 20);
		assertThat(this.givenUp).singleElement().asString().contains("not acknowledged after 2 retransmits");
		assertThat(this.acks.waiting()).isZero();
	}

	@Test
	void tooManyUnacknowledgedPushesGiveTheConnectionUp() {
		enable(Duration.ofSeconds(10), 3, 4);
		for (long seq = 1; seq <= 5; seq++) {
			this.registry.push(7, seq, push(seq), System.nanoTime());
		}
		assertThat(this.givenUp).singleElement().asString().contains("more than 4 pushes");
	}

	@Test
	void closingTheConnectionStopsRetransmits() throws Exception {
		enable(Duration.ofMillis(30), 3, 16);
		this.registry.push(7, 1, push(1), System.nanoTime());
		this.registry.closed(this.connection);
		Thread.sleep(150);
		assertThat(written()).containsExactly(1L);
		assertThat(this.givenUp).isEmpty();
	}

}
