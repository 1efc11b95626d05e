package io.gochat.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.message.MessageCopy;
import io.gochat.metrics.ChatMetrics;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.sequence.SeqAllocator;
import io.gochat.storage.MessageStore;
import io.gochat.storage.MessageStoreException;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The delivery pipeline with in-memory stand-ins for Redis, the broker and the
 * connections.
 */
class DeliveryPipelineTests {

	final AtomicLong counter = new AtomicLong();

	SeqAllocator seqs = new SeqAllocator() {
		@Override
		public long[] next(List<Long> userIds) {
			return userIds.stream().mapToLong((id) -> DeliveryPipelineTests.this.counter.incrementAndGet()).toArray();
		}

		@Override
		public long current(long userId) {
			return 0;
		}
	};

	final List<MessageCopy> stored = new ArrayList<>();

	CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);

	MessageStore store = (copies) -> {
		this.stored.addAll(copies);
		return this.durable;
	};

	final List<long[]> pushed = new ArrayList<>();

	final List<long[]> skipped = new ArrayList<>();

	final ChatMetrics metrics = new ChatMetrics(new SimpleMeterRegistry());

	LocalSessions sessions = new LocalSessions() {
		@Override
		public boolean pushFromPeer(long userId, byte[] output) {
			return push(userId, 0, output, System.nanoTime());
		}

		@Override
		public void skip(long userId, long seq) {
			DeliveryPipelineTests.this.skipped.add(new long[] { userId, seq });
		}

		@Override
		public boolean push(long userId, long ignored, byte[] output, long acceptedNanos) {
			try {
				long seq = PushMsg.parseFrom(Output.parseFrom(output).getData()).getMsg().getSeq();
				DeliveryPipelineTests.this.pushed.add(new long[] { userId, seq });
			}
			catch (Exception ex) {
				throw new AssertionError(ex);
			}
			return true;
		}
	};

	ClusterNodes alone = new ClusterNodes() {
		@Override
		public void deliver(String nodeAddress, long userId, byte[] output) {
		}

		@Override
		public void deliverToOthers(Map<Long, byte[]> outputs) {
		}
	};

	DeliveryPipeline pipeline;

	DeliveryPipeline start() {
		PushRouter router = new PushRouter(this.sessions, this.alone, this.metrics);
		this.pipeline = new DeliveryPipeline(this.seqs, this.store, router, this.metrics);
		this.pipeline.start();
		return this.pipeline;
	}

	@AfterEach
	void stop() {
		if (this.pipeline != null) {
			this.pipeline.stop();
		}
	}

	static ChatMessage group(long sender) {
		return new ChatMessage(ChatMessage.GROUP, 77, sender, 1, "hi".getBytes(), 1);
	}

	@Test
	void everyOwnerGetsASeqAndTheSenderItsOwnOnceStored() throws Exception {
		start();
		long senderSeq = this.pipeline.submit(group(1), List.of(1L, 2L, 3L), null).get(5, TimeUnit.SECONDS);
		assertThat(this.stored).extracting(MessageCopy::userId).containsExactly(1L, 2L, 3L);
		assertThat(senderSeq).isEqualTo(this.stored.get(0).seq());
		assertThat(this.pushed).extracting((p) -> p[0]).containsExactlyInAnyOrder(2L, 3L);
	}

	@Test
	void pushesLeaveInSeqOrderPerReceiver() throws Exception {
		start();
		List<CompletableFuture<Long>> results = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			results.add(this.pipeline.submit(group(1 + i % 2), List.of(1 + (long) (i % 2), 5L, 6L), null));
		}
		for (CompletableFuture<Long> result : results) {
			result.get(5, TimeUnit.SECONDS);
		}
		for (long receiver : List.of(5L, 6L)) {
			assertThat(this.pushed.stream().filter((p) -> p[0] == receiver).mapToLong((p) -> p[1]).toArray())
				.hasSize(200)
				.isSorted();
		}
	}

	@Test
	void aRefusedStoreFailsTheSenderWithCode1008() {
		this.durable = CompletableFuture.failedFuture(new MessageStoreException("broker said no"));
		start();
		CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L), null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(GoChatException.class, (ex) -> {
				assertThat(ex.code()).isEqualTo(ErrorCode.STORE_ERROR);
				assertThat(ex.getMessage()).contains("broker said no");
			});
	}

	@Test
	void receiversGetNothingBeforeTheStoreConfirms() throws Exception {
		this.durable = new CompletableFuture<>();
		start();
		CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L, 3L), null);
		Thread.sleep(200);
		assertThat(this.stored).hasSize(3);
		assertThat(this.pushed).isEmpty();
		assertThat(result).isNotDone();
		this.durable.complete(null);
		result.get(5, TimeUnit.SECONDS);
		assertThat(this.pushed).extracting((p) -> p[0]).containsExactlyInAnyOrder(2L, 3L);
	}

	@Test
	void aRefusedStorePushesNothing() {
		this.durable = CompletableFuture.failedFuture(new MessageStoreException("broker said no"));
		start();
		CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L), null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS));
		assertThat(this.pushed).isEmpty();
	}

	@Test
	void aRefusedStoreSkipsEveryCopyOnTheConnectionsHere() {
		this.durable = CompletableFuture.failedFuture(new MessageStoreException("broker said no"));
		start();
		CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L, 3L), null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS));
		// the seqs were taken: later pushes to these users must not wait for them
		assertThat(this.skipped).extracting((s) -> s[0]).containsExactly(1L, 2L, 3L);
	}

	@Test
	void theSendersOwnCopyIsSkippedBeforeTheMessageIsPushed() throws Exception {
		start();
		long senderSeq = this.pipeline.submit(group(1), List.of(1L, 2L), null).get(5, TimeUnit.SECONDS);
		assertThat(this.skipped).containsExactly(new long[] { 1L, senderSeq });
		assertThat(this.pushed).extracting((p) -> p[0]).containsExactly(2L);
	}

	@Test
	void sendersAreAnsweredInTheOrderTheirMessagesCame() throws Exception {
		this.durable = new CompletableFuture<>();
		start();
		List<Integer> answered = java.util.Collections.synchronizedList(new ArrayList<>());
		List<CompletableFuture<Long>> results = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			int n = i;
			CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L), null);
			result.whenComplete((seq, error) -> answered.add(n));
			results.add(result);
		}
		Thread.sleep(200);
		this.durable.complete(null);
		for (CompletableFuture<Long> result : results) {
			result.get(5, TimeUnit.SECONDS);
		}
		assertThat(answered).hasSize(50).isSorted();
		assertThat(results.stream().map(CompletableFuture::join).toList()).isSorted();
	}

	@Test
	void aLaterBatchConfirmedFirstWaitsForTheEarlierOne() throws Exception {
		List<CompletableFuture<Void>> confirms = new ArrayList<>();
		this.store = (copies) -> {
			this.stored.addAll(copies);
			CompletableFuture<Void> confirm = new CompletableFuture<>();
			confirms.add(confirm);
			return confirm;
		};
		start();
		CompletableFuture<Long> first = this.pipeline.submit(group(1), List.of(1L, 2L), null);
		org.awaitility.Awaitility.await().until(() -> confirms.size() == 1);
		CompletableFuture<Long> second = this.pipeline.submit(group(1), List.of(1L, 2L), null);
		org.awaitility.Awaitility.await().until(() -> confirms.size() == 2);
		confirms.get(1).complete(null);
		Thread.sleep(100);
		assertThat(second).isNotDone();
		assertThat(this.pushed).isEmpty();
		confirms.get(0).complete(null);
		assertThat(first.get(5, TimeUnit.SECONDS)).isLessThan(second.get(5, TimeUnit.SECONDS));
		assertThat(this.pushed).extracting((p) -> p[1]).isSorted();
	}

	@Test
	void aFailedSeqAllocationStoresAndPushesNothing() {
		this.seqs = new SeqAllocator() {
			@Override
			public long[] next(List<Long> userIds) {
				throw new IllegalStateException("redis down");
			}

			@Override
			public long current(long userId) {
				return 0;
			}
		};
		start();
		CompletableFuture<Long> result = this.pipeline.submit(group(1), List.of(1L, 2L), null);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result.get(5, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOfSatisfying(GoChatException.class,
					(ex) -> assertThat(ex.code()).isEqualTo(ErrorCode.SERVER_ERROR));
		assertThat(this.stored).isEmpty();
		assertThat(this.pushed).isEmpty();
	}

}
