package io.gochat.delivery;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.gochat.history.MessageHistory;
import io.gochat.storage.PersistenceWatermark;
import io.gochat.storage.PersistenceWatermark.Mark;
import io.gochat.storage.PersistenceWatermark.Stored;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class SyncWaiterTests {

	static final Mark PENDING = new Mark(Map.of("127.0.0.1:9092#1", 7L));

	final MessageHistory history = mock(MessageHistory.class);

	final MessageHistory.Page page = new MessageHistory.Page(List.of(), false);

	final AtomicReference<Mark> mark = new AtomicReference<>(PENDING);

	final AtomicReference<Stored> stored = new AtomicReference<>(new Stored(Map.of("127.0.0.1:9092#1", 6L)));

	final AtomicInteger storedReads = new AtomicInteger();

	final PersistenceWatermark watermark = new PersistenceWatermark() {

		@Override
		public Mark mark() {
			return SyncWaiterTests.this.mark.get();
		}

		@Override
		public Stored stored() {
			SyncWaiterTests.this.storedReads.incrementAndGet();
			return SyncWaiterTests.this.stored.get();
		}

	};

	SyncWaiter waiter;

	SyncWaiter waiter(Duration storageWait) {
		given(this.history.after(1L, 0L, 1000L)).willReturn(this.page);
		this.waiter = new SyncWaiter(this.history, this.watermark, (node) -> true, new SyncProperties(storageWait));
		return this.waiter;
	}

	@AfterEach
	void destroy() {
		if (this.waiter != null) {
			this.waiter.destroy();
		}
	}

	@Test
	void answersAtOnceWhenNothingWaitsToBeStored() throws Exception {
		this.mark.set(Mark.NOTHING);
		assertThat(waiter(Duration.ofSeconds(5)).after(1L, 0L, 1000L).get(1, TimeUnit.SECONDS)).isSameAs(this.page);
		assertThat(this.storedReads).hasValue(0);
	}

	@Test
	void waitsUntilTheMarkIsStoredThenAnswers() throws Exception {
		CompletableFuture<MessageHistory.Page> result = waiter(Duration.ofSeconds(30)).after(1L, 0L, 1000L);
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.storedReads.get() >= 2);
		assertThat(result).isNotDone();
		this.stored.set(new Stored(Map.of("127.0.0.1:9092#1", 7L)));
		assertThat(result.get(5, TimeUnit.SECONDS)).isSameAs(this.page);
	}

	@Test
	void answersWhatIsStoredWhenTheWaitRunsOut() throws Exception {
		CompletableFuture<MessageHistory.Page> result = waiter(Duration.ofMillis(200)).after(1L, 0L, 1000L);
		assertThat(result.get(5, TimeUnit.SECONDS)).isSameAs(this.page);
	}

	@Test
	void doesNotPollWhileNoSyncWaits() throws Exception {
		CompletableFuture<MessageHistory.Page> result = waiter(Duration.ofSeconds(30)).after(1L, 0L, 1000L);
		this.stored.set(Stored.EVERYTHING);
		result.get(5, TimeUnit.SECONDS);
		int reads = this.storedReads.get();
		Thread.sleep(20 * SyncWaiter.POLL_MILLIS);
		assertThat(this.storedReads).hasValue(reads);
		// and it polls again for the next sync
		this.stored.set(new Stored(Map.of()));
		CompletableFuture<MessageHistory.Page> next = this.waiter.after(1L, 0L, 1000L);
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.storedReads.get() > reads);
		this.stored.set(Stored.EVERYTHING);
		assertThat(next.get(5, TimeUnit.SECONDS)).isSameAs(this.page);
	}

}
