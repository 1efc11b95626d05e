package io.gochat.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.google.common.util.concurrent.SettableFuture;
import com.google.protobuf.Empty;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-peer sender with calls completed by hand.
 */
class PeerSenderTests {

	final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();

	final List<Integer> started = new CopyOnWriteArrayList<>();

	final List<SettableFuture<Empty>> calls = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.retries.shutdownNow();
	}

	void send(PeerSender sender, int n) {
		sender.send((address) -> {
			this.started.add(n);
			SettableFuture<Empty> call = SettableFuture.create();
			this.calls.add(call);
			return call;
		});
	}

	@Test
	void startsCallsInOrderAtMostAWindowAtATime() {
		PeerSender sender = new PeerSender("peer:1", 2, 100, this.retries);
		for (int i = 1; i <= 5; i++) {
			send(sender, i);
		}
		assertThat(this.started).containsExactly(1, 2);
		this.calls.get(0).set(Empty.getDefaultInstance());
		assertThat(this.started).containsExactly(1, 2, 3);
		this.calls.get(1).set(Empty.getDefaultInstance());
		this.calls.get(2).set(Empty.getDefaultInstance());
		assertThat(this.started).containsExactly(1, 2, 3, 4, 5);
	}

	@Test
	void aSlowCallIsRetriedBeforeAnythingQueuedAfterIt() {
		PeerSender sender = new PeerSender("peer:1", 1, 100, this.retries);
		send(sender, 1);
		send(sender, 2);
		this.calls.get(0).setException(Status.DEADLINE_EXCEEDED.asRuntimeException());
		await().until(() -> this.started.size() == 2);
		assertThat(this.started).containsExactly(1, 1);
		this.calls.get(1).set(Empty.getDefaultInstance());
		assertThat(this.started).containsExactly(1, 1, 2);
	}

	@Test
	void aCallThePeerRefusesIsNotRetried() {
		PeerSender sender = new PeerSender("peer:1", 1, 100, this.retries);
		send(sender, 1);
		send(sender, 2);
		this.calls.get(0).setException(Status.INVALID_ARGUMENT.asRuntimeException());
		await().until(() -> this.started.size() == 2);
		assertThat(this.started).containsExactly(1, 2);
	}

	@Test
	void aFullQueueAndAPeerThatLeftDropWhatWaits() {
		PeerSender sender = new PeerSender("peer:1", 1, 2, this.retries);
		for (int i = 1; i <= 5; i++) {
			send(sender, i);
		}
		// one in flight, two waiting, two dropped
		assertThat(sender.waiting()).isEqualTo(3);
		sender.close();
		this.calls.get(0).set(Empty.getDefaultInstance());
		send(sender, 6);
		assertThat(this.started).containsExactly(1);
	}

}
