package io.gochat.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.gochat.node.Refusals;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FairHashingQueueTests {

	@Test
	void servesAddressesInTurnSoAFloodWaitsBehindItself() throws Exception {
		FairHashingQueue queue = new FairHashingQueue(100, 50);
		List<String> served = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			int n = i;
			queue.offer("10.0.0.66", () -> served.add("flood-" + n));
		}
		queue.offer("10.0.0.1", () -> served.add("alice"));
		queue.offer("10.0.0.2", () -> served.add("bob"));
		queue.offer("10.0.0.1", () -> served.add("alice-again"));

		for (int i = 0; i < 5; i++) {
			queue.take().run();
		}

		assertThat(served).containsExactly("flood-0", "alice", "bob", "flood-1", "alice-again");
		assertThat(queue.size()).isEqualTo(18);
	}

	@Test
	void refusesOverTheBoundPerAddressAndInTotal() {
		FairHashingQueue queue = new FairHashingQueue(4, 2);
		assertThat(queue.offer("a", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.NONE);
		assertThat(queue.offer("a", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.NONE);
		assertThat(queue.offer("a", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.ADDRESS_FULL);
		assertThat(queue.offer("b", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.NONE);
		assertThat(queue.offer("c", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.NONE);
		assertThat(queue.offer("d", () -> {
		})).isEqualTo(FairHashingQueue.Refusal.QUEUE_FULL);
	}

	@Test
	void anAddressWhoseLineEmptiedStartsAgainAtTheBack() throws Exception {
		FairHashingQueue queue = new FairHashingQueue(10, 10);
		List<String> served = new ArrayList<>();
		queue.offer("a", () -> served.add("a1"));
		queue.take().run();
		queue.offer("b", () -> served.add("b1"));
		queue.offer("a", () -> served.add("a2"));
		queue.take().run();
		queue.take().run();
		assertThat(served).containsExactly("a1", "b1", "a2");
	}

	@Test
	void closeWakesAWaitingThread() throws Exception {
		FairHashingQueue queue = new FairHashingQueue(10, 10);
		CompletableFuture<Runnable> taken = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.take();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		queue.close();
		assertThat(taken.get(5, TimeUnit.SECONDS)).isNull();
	}

	@Test
	void aLoginFromAnotherAddressIsHashedBeforeTheRestOfAFlood() throws Exception {
		// one thread, a queue of 8, 4 per address
		UserLimits limits = new UserLimits(1000, 20, 3, Duration.ofSeconds(1), Duration.ofMinutes(5), 1000, 1, 8, 4,
				Duration.ofSeconds(30));
		Refusals refusals = Refusals.inMemory();
		PasswordHashing hashing = new PasswordHashing(new UserProperties(12, 3), limits, refusals);
		// a thread per flooding request (the common pool may have only one)
		ExecutorService requests = Executors.newFixedThreadPool(6);
		try {
			String hash = hashing.encode("secret", "10.0.0.1");
			List<String> finished = Collections.synchronizedList(new ArrayList<>());
			List<CompletableFuture<Void>> flood = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				flood.add(CompletableFuture.runAsync(() -> {
					try {
						hashing.matches("wrong", hash, "10.0.0.66");
						finished.add("flood");
					}
					catch (GoChatException ex) {
						assertThat(ex.code()).isEqualTo(ErrorCode.RATE_LIMITED);
						finished.add("refused");
					}
				}, requests));
			}
			// one flood hash running, four waiting, the sixth refused: the line is full
			await().until(() -> finished.contains("refused") || refusals.counted("hashing-queue-per-address") > 0);

			int finishedBefore = (int) finished.stream().filter((name) -> !name.equals("refused")).count();
			assertThat(hashing.matches("secret", hash, "10.0.0.1")).isTrue();
			finished.add("alice");
			CompletableFuture.allOf(flood.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

			List<String> hashed = finished.stream().filter((name) -> !name.equals("refused")).toList();
			long refused = finished.stream().filter("refused"::equals).count();
			// the flood's line of 4 was full at least once
			assertThat(refused).isPositive();
			assertThat(refusals.counted("hashing-queue-per-address")).isEqualTo(refused);
			assertThat(hashed).hasSize((int) (flood.size() - refused + 1));
			// after it was queued, served after at most the flood hash that was running
			// and
			// the one whose turn came first, not after every flood hash still waiting (a
			// work factor of 12, about a quarter of a second a hash, keeps several
			// waiting)
			assertThat(hashed.indexOf("alice") - finishedBefore)
				.as("order hashes finished in: %s, %d before", hashed, finishedBefore)
				.isLessThanOrEqualTo(2);
			assertThat(hashed.subList(hashed.indexOf("alice") + 1, hashed.size())).as("flood hashes after it")
				.isNotEmpty();
		}
		finally {
			requests.shutdownNow();
			hashing.destroy();
		}
	}

}
