package io.gochat.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gochat.history.MessageHistory;
import io.gochat.presence.NodeMembership;
import io.gochat.storage.PersistenceWatermark;
import io.gochat.storage.PersistenceWatermark.Mark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Offline sync, read after ACK: a sync returns every message ACKed before it started.
 * When the persistence watermark shows confirmed messages not yet written, the sync waits
 * (without holding a worker) until they are, or at most {@code app.sync.storage-wait};
 * one poller checks the watermark for all waiting syncs every {@value #POLL_MILLIS} ms,
 * and only while a sync waits: an idle node does not wake for it.
 */
@Component
class SyncWaiter implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SyncWaiter.class);

	static final long POLL_MILLIS = 20;

	private final MessageHistory history;

	private final PersistenceWatermark watermark;

	private final NodeMembership cluster;

	private final SyncProperties properties;

	private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

	private final ScheduledExecutorService poller = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("gochat-sync-wait").daemon().factory());

	// true while a poll is scheduled or running
	private final AtomicBoolean polling = new AtomicBoolean();

	SyncWaiter(MessageHistory history, PersistenceWatermark watermark, NodeMembership cluster,
			SyncProperties properties) {
		this.history = history;
		this.watermark = watermark;
		this.cluster = cluster;
		this.properties = properties;
	}

	/**
	 * The page of the user's copies after {@code seq}, of about {@code maxBytes} of
	 * content at most, once every message ACKed before this call is stored (or the wait
	 * ran out).
	 */
	CompletableFuture<MessageHistory.Page> after(long userId, long seq, long maxBytes) {
		Mark mark = liveOnly(this.watermark.mark());
		if (mark.isEmpty()) {
			return CompletableFuture.completedFuture(this.history.after(userId, seq, maxBytes));
		}
		Waiting wait = new Waiting(userId, seq, maxBytes, mark,
				System.nanoTime() + this.properties.storageWait().toNanos(), new CompletableFuture<>());
		this.waiting.add(wait);
		schedulePoll();
		return wait.result();
	}

	/** Incarnations of nodes that are gone will confirm nothing more: not waited for. */
	private Mark liveOnly(Mark mark) {
		if (mark.isEmpty()) {
			return mark;
		}
		Map<String, Long> live = new HashMap<>(mark.pending());
		live.keySet().removeIf((incarnation) -> !this.cluster.isLive(Mark.nodeOf(incarnation)));
		return live.isEmpty() ? Mark.NOTHING : new Mark(live);
	}

	private void schedulePoll() {
		if (this.polling.compareAndSet(false, true)) {
			try {
				this.poller.schedule(this::pollThenReschedule, POLL_MILLIS, TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException ex) {
				// shutting down: the waiting syncs' connections are closing
				this.polling.set(false);
			}
		}
	}

	private void pollThenReschedule() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			log.warn("Checking the waiting syncs failed: {}", ex.getMessage());
		}
		finally {
			this.polling.set(false);
		}
		// a sync added between the poll and the reset above found a poll scheduled: look
		// again
		if (!this.waiting.isEmpty()) {
			schedulePoll();
		}
	}

	private void poll() {
		List<Waiting> ready = new ArrayList<>();
		PersistenceWatermark.Stored stored = null;
		try {
			stored = this.watermark.stored();
		}
		catch (RuntimeException ex) {
			log.warn("Could not read the persistence watermark: {}", ex.getMessage());
		}
		long now = System.nanoTime();
		for (Iterator<Waiting> it = this.waiting.iterator(); it.hasNext();) {
			Waiting wait = it.next();
			if (now - wait.deadline() >= 0 || stored != null && stored.covers(wait.mark())) {
				it.remove();
				ready.add(wait);
			}
		}
		for (Waiting wait : ready) {
			try {
				wait.result().complete(this.history.after(wait.userId(), wait.seq(), wait.maxBytes()));
			}
			catch (RuntimeException ex) {
				wait.result().completeExceptionally(ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.poller.shutdownNow();
	}

	private record Waiting(long userId, long seq, long maxBytes, Mark mark, long deadline,
			CompletableFuture<MessageHistory.Page> result) {
	}

}
