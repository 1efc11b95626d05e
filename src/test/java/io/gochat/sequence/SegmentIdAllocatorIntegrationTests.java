package io.gochat.sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class SegmentIdAllocatorIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void twoAllocatorsOnOneTableNeverHandOutTheSameId() throws Exception {
		String business = "test-" + System.nanoTime();
		// a small step makes the allocators go back to the table often
		SegmentIdAllocator first = new SegmentIdAllocator(this.jdbc, this.transactions, 10);
		SegmentIdAllocator second = new SegmentIdAllocator(this.jdbc, this.transactions, 10);
		Set<Long> ids = ConcurrentHashMap.newKeySet();
		int threads = 8;
		int perThread = 250;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<?>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			SegmentIdAllocator allocator = (t % 2 == 0) ? first : second;
			futures.add(pool.submit(() -> {
				for (int i = 0; i < perThread; i++) {
					assertThat(ids.add(allocator.nextId(business))).as("unique id").isTrue();
				}
			}));
		}
		for (Future<?> future : futures) {
			future.get();
		}
		pool.shutdown();
		assertThat(ids).hasSize(threads * perThread);
		assertThat(ids).allMatch((id) -> id >= 1);
		long maxId = this.jdbc.sql("SELECT max_id FROM uid WHERE business_id = ?")
			.param(business)
			.query(Long.class)
			.single();
		assertThat(ids.stream().mapToLong(Long::longValue).max().getAsLong()).isLessThanOrEqualTo(maxId);
	}

	@Test
	void defaultStepIsUpstreamsThousandAndIdsOfOneAllocatorIncrease() {
		String business = "test-step-" + System.nanoTime();
		SegmentIdAllocator allocator = new SegmentIdAllocator(this.jdbc, this.transactions);
		long previous = 0;
		for (int i = 0; i < 1500; i++) {
			long id = allocator.nextId(business);
			assertThat(id).isGreaterThan(previous);
			previous = id;
		}
		assertThat(previous).isEqualTo(1500);
		assertThat(this.jdbc.sql("SELECT step FROM uid WHERE business_id = ?")
			.param(business)
			.query(Integer.class)
			.single()).isEqualTo(1000);
	}

}
