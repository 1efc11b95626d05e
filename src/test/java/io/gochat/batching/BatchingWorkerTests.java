package io.gochat.batching;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BatchingWorkerTests {

	final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	final List<Integer> failed = new CopyOnWriteArrayList<>();

	final CountDownLatch release = new CountDownLatch(1);

	BatchingWorker<Integer> worker;

	BatchingWorker<Integer> start(int capacity, int maxItems, int maxWeight) {
		this.worker = new BatchingWorker<>("test-worker", capacity, maxItems, (item) -> item, maxWeight, (batch) -> {
			// the first batch waits, so that everything offered meanwhile queues up
			this.release.await(5, TimeUnit.SECONDS);
			if (batch.contains(-1)) {
				throw new IllegalStateException("refused");
			}
			this.batches.add(new ArrayList<>(batch));
		}, (batch, error) -> this.failed.addAll(batch), Duration.ofSeconds(5));
		this.worker.start();
		return this.worker;
	}

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.worker != null) {
			this.worker.stop();
		}
	}

	@Test
	void batchesWhatWaitedWithinTheWeightLimitInOfferOrder() {
		start(100, 100, 10);
		this.worker.offer(1);
		for (int item : new int[] { 4, 5, 2, 12, 3 }) {
			assertThat(this.worker.offer(item)).isTrue();
		}
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.batches.stream().mapToInt(List::size).sum() == 6);
		List<Integer> all = this.batches.stream().flatMap(List::stream).toList();
		assertThat(all).containsExactly(1, 4, 5, 2, 12, 3);
		// a batch's first item is taken even when it alone weighs more than the limit
		assertThat(this.batches).allSatisfy(
				(batch) -> assertThat(batch.size() == 1 || batch.stream().mapToInt(Integer::intValue).sum() <= 10)
					.isTrue());
		assertThat(this.batches).contains(List.of(12));
	}

	@Test
	void takesAtMostMaxItemsPerBatch() {
		start(100, 2, 1000);
		for (int i = 1; i <= 5; i++) {
			this.worker.offer(i);
		}
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.batches.stream().mapToInt(List::size).sum() == 5);
		assertThat(this.batches).allSatisfy((batch) -> assertThat(batch).hasSizeLessThanOrEqualTo(2));
	}

	@Test
	void refusesOffersBeyondCapacityAndAfterStop() {
		start(2, 1, 1000);
		this.worker.offer(1);
		// the worker holds item 1 or has it queued; at most two more fit
		int accepted = 0;
		for (int i = 0; i < 5; i++) {
			accepted += this.worker.offer(7) ? 1 : 0;
		}
		assertThat(accepted).isBetween(1, 2);
		this.release.countDown();
		this.worker.stop();
		assertThat(this.worker.offer(8)).isFalse();
		assertThat(this.worker.isAccepting()).isFalse();
	}

	@Test
	void handsQueuedItemsOverBeforeStopping() {
		start(100, 1, 1000);
		for (int i = 1; i <= 3; i++) {
			this.worker.offer(i);
		}
		this.release.countDown();
		this.worker.stop();
		assertThat(this.batches.stream().flatMap(List::stream).toList()).containsExactly(1, 2, 3);
	}

	@Test
	void anIdleWorkerBlocksWithoutWakingAndStillStopsAtOnce() {
		start(100, 100, 1000);
		Thread thread = await().atMost(5, TimeUnit.SECONDS)
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((t) -> t.getName().equals("test-worker"))
				.findFirst()
				.orElse(null), (t) -> t != null && t.getState() == Thread.State.WAITING);
		// WAITING, not TIMED_WAITING: the thread does not wake up periodically while idle
		long started = System.nanoTime();
		this.worker.stop();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		assertThat(thread.isAlive()).isFalse();
	}

	@Test
	void stopWithAFullQueueHandsEverythingOver() throws Exception {
		start(2, 1, 1000);
		this.worker.offer(1);
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.worker.waiting() == 0);
		// item 1 is in the handler, which waits for release; 2 and 3 fill the queue
		assertThat(this.worker.offer(2)).isTrue();
		assertThat(this.worker.offer(3)).isTrue();
		Thread stopper = Thread.ofPlatform().start(this.worker::stop);
		Thread.sleep(200);
		this.release.countDown();
		stopper.join(5_000);
		assertThat(stopper.isAlive()).isFalse();
		assertThat(this.batches.stream().flatMap(List::stream).toList()).containsExactly(1, 2, 3);
	}

	@Test
	void aFailedBatchGoesToTheFailureHandlerAndTheWorkerGoesOn() {
		start(100, 100, 1000);
		this.worker.offer(-1);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.failed.contains(-1));
		this.worker.offer(3);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.batches.contains(List.of(3)));
	}

}
