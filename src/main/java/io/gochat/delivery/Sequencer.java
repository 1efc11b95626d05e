package io.gochat.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.gochat.history.MessageStore;
import io.gochat.history.MessageStoreException;
import io.gochat.history.StoredMessage;
import io.gochat.metrics.ChatMetrics;
import io.gochat.sequence.SeqAllocator;
import io.gochat.system.ErrorCode;
import io.gochat.system.GoChatException;
import io.gochat.system.ServerPhases;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The one thread that gives accepted messages their seqs and pushes them, in arrival
 * order.
 * <p>
 * One thread, so that every connection receives its pushes in seq order: if a member saw
 * seq 6 before seq 5 and then reconnected, a sync from 6 would never return 5. Batched,
 * so that order costs little: whatever accepted messages are waiting (up to
 * {@value #MAX_COPIES_PER_BATCH} copies) take their seqs in one Redis script call, go to
 * storage as one unit and are pushed one after the other. Nothing here waits for storage
 * to confirm; the senders' futures complete when it does.
 */
@Component
class Sequencer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

	static final int MAX_COPIES_PER_BATCH = 5000;

	// bounds memory when storage or Redis fall behind: senders then get "server busy"
	private static final int CAPACITY = 50_000;

	private final SeqAllocator seqs;

	private final MessageStore store;

	private final PushRouter pushes;

	private final BlockingQueue<Accepted> pending = new LinkedBlockingQueue<>(CAPACITY);

	private volatile boolean accepting;

	private volatile Thread thread;

	Sequencer(SeqAllocator seqs, MessageStore store, PushRouter pushes, ChatMetrics metrics) {
		this.seqs = seqs;
		this.store = store;
		this.pushes = pushes;
		metrics.gauge("gochat.sequencer.queue", "Accepted messages waiting for their seqs", this.pending,
				BlockingQueue::size);
	}

	/**
	 * Queues a checked message for sequencing.
	 * @param owners the sender first, then every receiver
	 * @param location where the receiver of a single-chat message is; null for group chat
	 * @return completes with the sender's seq once the copies are durably queued
	 */
	CompletableFuture<Long> submit(ChatMessage message, List<Long> owners, PushRouter.Location location) {
		Accepted accepted = new Accepted(message, owners, location, System.nanoTime(), new CompletableFuture<>());
		if (!this.accepting || !this.pending.offer(accepted)) {
			throw new GoChatException(ErrorCode.SERVER_ERROR, "server busy: message not accepted, send it again");
		}
		return accepted.result();
	}

	private void run() {
		List<Accepted> batch = new ArrayList<>();
		while (this.accepting || !this.pending.isEmpty()) {
			try {
				Accepted first = this.pending.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				int copies = first.owners().size();
				Accepted next;
				while (copies < MAX_COPIES_PER_BATCH && (next = this.pending.peek()) != null
						&& copies + next.owners().size() <= MAX_COPIES_PER_BATCH) {
					batch.add(this.pending.poll());
					copies += next.owners().size();
				}
				sequence(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("Sequencing {} messages failed", batch.size(), ex);
				fail(batch, new GoChatException(ErrorCode.SERVER_ERROR, "server error"));
			}
			finally {
				batch.clear();
			}
		}
	}

	private void sequence(List<Accepted> batch) {
		List<Long> allOwners = new ArrayList<>();
		batch.forEach((accepted) -> allOwners.addAll(accepted.owners()));
		long[] allSeqs;
		try {
			allSeqs = this.seqs.next(allOwners);
		}
		catch (RuntimeException ex) {
			fail(batch, new GoChatException(ErrorCode.SERVER_ERROR, "could not take seqs: " + ex.getMessage(), ex));
			return;
		}
		List<StoredMessage> allCopies = new ArrayList<>(allOwners.size());
		int at = 0;
		for (Accepted accepted : batch) {
			ChatMessage m = accepted.message();
			for (Long owner : accepted.owners()) {
				allCopies.add(new StoredMessage(owner, m.senderId(), m.sessionType(), m.receiverId(), m.messageType(),
						m.content(), allSeqs[at++], m.sendTime()));
			}
		}
		CompletableFuture<Void> durable;
		try {
			durable = this.store.enqueue(allCopies);
		}
		catch (MessageStoreException ex) {
			fail(batch, new GoChatException(ErrorCode.STORE_ERROR, "message not stored: " + ex.getMessage(), ex));
			return;
		}
		at = 0;
		for (Accepted accepted : batch) {
			List<StoredMessage> copies = allCopies.subList(at, at + accepted.owners().size());
			at += copies.size();
			push(accepted, copies);
			long senderSeq = copies.get(0).seq();
			durable.whenComplete((ignored, error) -> {
				if (error == null) {
					accepted.result().complete(senderSeq);
				}
				else {
					Throwable cause = (error instanceof CompletionException) ? error.getCause() : error;
					accepted.result()
						.completeExceptionally(new GoChatException(ErrorCode.STORE_ERROR,
								"message not stored: " + cause.getMessage(), cause));
				}
			});
		}
	}

	private void push(Accepted accepted, List<StoredMessage> copies) {
		if (accepted.location() != null) {
			StoredMessage receiverCopy = copies.get(1);
			this.pushes.push(accepted.location(), receiverCopy.userId(), PushFrames.push(receiverCopy),
					accepted.acceptedNanos());
			return;
		}
		PushFrames.Template template = PushFrames.template(copies.get(0));
		Map<Long, byte[]> outputs = HashMap.newHashMap(copies.size());
		for (int i = 1; i < copies.size(); i++) {
			outputs.put(copies.get(i).userId(), template.forSeq(copies.get(i).seq()));
		}
		this.pushes.pushToAll(outputs, accepted.acceptedNanos());
	}

	private static void fail(List<Accepted> batch, GoChatException error) {
		batch.forEach((accepted) -> accepted.result().completeExceptionally(error));
	}

	@Override
	public void start() {
		this.accepting = true;
		this.thread = Thread.ofPlatform().name("gochat-sequencer").start(this::run);
	}

	@Override
	public void stop() {
		this.accepting = false;
		try {
			this.thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	@Override
	public int getPhase() {
		// stops after the gateway (no more messages) and before storage (drained last)
		return ServerPhases.SERVERS - 50;
	}

	private record Accepted(ChatMessage message, List<Long> owners, PushRouter.Location location, long acceptedNanos,
			CompletableFuture<Long> result) {
	}

}
