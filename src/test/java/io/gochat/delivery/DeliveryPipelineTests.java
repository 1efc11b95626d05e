package io.gochat.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.storage.MessageStore;
import io.gochat.storage.MessageStoreException;
import io.gochat.message.MessageCopy;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.sequence.SeqAllocator;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
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
	};

	final List<MessageCopy> stored = new ArrayList<>();

	CompletableFuture<Void> durable = CompletableFuture.completedFuture(null);

	MessageStore store = (copies) -> {
		this.stored.addAll(copies);
		return this.durable;
	};

	final List<long[]> pushed = new ArrayList<>();

	LocalSessions sessions = new LocalSessions() {
		@Override
		public boolean push(long userId, byte[] output) {
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
		PushRouter router = new PushRouter(this.sessions, this.alone);
		this.pipeline = new DeliveryPipeline(this.seqs, this.store, router);
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
	void aFailedSeqAllocationStoresAndPushesNothing() {
		this.seqs = new SeqAllocator() {
			@Override
			public long[] next(List<Long> userIds) {
				throw new IllegalStateException("redis down");
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
