package io.gochat.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.gochat.batching.BatchingWorker;
import io.gochat.message.MessageCopy;
import io.gochat.metrics.ChatMetrics;
import io.gochat.node.ServerPhases;
import io.gochat.presence.Location;
import io.gochat.sequence.SeqAllocator;
import io.gochat.storage.MessageStore;
import io.gochat.storage.MessageStoreException;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.gochat.wire.PushFrames;

import org.springframework.stereotype.Component;

/**
 * The one thread that takes accepted messages in arrival order and, a batch at a time,
 * gives them their seqs, queues their copies for storage, pushes them to their receivers
 * and answers their senders once storage confirms.
 * <p>
 * One thread, so that every connection receives its pushes in seq order: if a member saw
 * seq 6 before seq 5 and then reconnected, a sync from 6 would never return 5. Batched,
 * so that order costs little: whatever accepted messages are waiting (up to
 * {@value #MAX_COPIES_PER_BATCH} copies) take their seqs in one Redis script call and go
 * to storage as one unit. Nothing here waits for storage to confirm: when it does, and
 * after the batches before it, the batch's messages are pushed and their senders ACKed,
 * one after the other.
 */
@Component
class DeliveryPipeline implements BatchingWorker.Lifecycle {

	private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(DeliveryPipeline.class);

	static final int MAX_COPIES_PER_BATCH = 5000;

	// bounds memory when storage or Redis fall behind: senders then get "server busy"
	private static final int CAPACITY = 50_000;

	private final SeqAllocator seqs;

	private final MessageStore store;

	private final PushRouter pushes;

	private final BatchingWorker<Accepted> worker;

	// completes once every batch so far is answered;
	// only the pipeline's thread replaces it
	private CompletableFuture<Void> lastAnswered = CompletableFuture.completedFuture(null);

	DeliveryPipeline(SeqAllocator seqs, MessageStore store, PushRouter pushes, ChatMetrics metrics) {
		this.seqs = seqs;
		this.store = store;
		this.pushes = pushes;
		this.worker = new BatchingWorker<>("gochat-sequencer", CAPACITY, Integer.MAX_VALUE,
				(accepted) -> accepted.owners().size(), MAX_COPIES_PER_BATCH, this::sequence,
				(batch, error) -> fail(batch, new GoChatException(ErrorCode.SERVER_ERROR, "server error")),
				Duration.ofSeconds(10));
		metrics.gauge("gochat.sequencer.queue", "Accepted messages waiting for their seqs", this.worker,
				BatchingWorker::waiting);
	}

	/**
	 * Queues a checked message for sequencing.
	 * @param owners the sender first, then every receiver
	 * @param location where the receiver of a single-chat message is; null for group chat
	 * @return completes with the sender's seq once the copies are durably queued
	 */
	CompletableFuture<Long> submit(ChatMessage message, List<Long> owners, Location location) {
		Accepted accepted = new Accepted(message, owners, location, System.nanoTime(), new CompletableFuture<>());
		if (!this.worker.offer(accepted)) {
			throw new GoChatException(ErrorCode.SERVER_ERROR, "server busy: message not accepted, send it again");
		}
		return accepted.result();
	}

	private void sequence(List<Accepted> batch) {
		List<Accepted> accepted = List.copyOf(batch);
		List<Long> allOwners = new ArrayList<>();
		accepted.forEach((one) -> allOwners.addAll(one.owners()));
		long[] allSeqs;
		try {
			allSeqs = this.seqs.next(allOwners);
		}
		catch (RuntimeException ex) {
			answerInOrder(accepted, null, CompletableFuture.failedFuture(
					new GoChatException(ErrorCode.SERVER_ERROR, "could not take seqs: " + ex.getMessage(), ex)));
			return;
		}
		List<MessageCopy> allCopies = new ArrayList<>(allOwners.size());
		int at = 0;
		for (Accepted one : accepted) {
			ChatMessage m = one.message();
			for (Long owner : one.owners()) {
				allCopies.add(new MessageCopy(owner, m.senderId(), m.sessionType(), m.receiverId(), m.messageType(),
						m.content(), allSeqs[at++], m.sendTime()));
			}
		}
		CompletableFuture<Void> durable;
		try {
			durable = this.store.enqueue(allCopies);
		}
		catch (MessageStoreException ex) {
			durable = CompletableFuture
				.failedFuture(new GoChatException(ErrorCode.STORE_ERROR, "message not stored: " + ex.getMessage(), ex));
		}
		answerInOrder(accepted, allCopies, durable);
	}

	/**
	 * Once the batch is durable, and after every batch before it was answered: pushes its
	 * messages to their receivers and ACKs their senders, message by message in the order
	 * they were accepted. So receivers get nothing that was not stored, each connection
	 * gets its pushes in seq order and its ACKs in clientId order. A batch that failed
	 * pushes nothing and fails its senders.
	 */
	private void answerInOrder(List<Accepted> batch, List<MessageCopy> allCopies, CompletableFuture<Void> durable) {
		CompletableFuture<Void> previous = this.lastAnswered;
		this.lastAnswered = durable.handle((ignored, error) -> error).thenCombine(previous, (error, ignored) -> {
			answer(batch, allCopies, error);
			return null;
		});
	}

	private void answer(List<Accepted> batch, List<MessageCopy> allCopies, Throwable error) {
		if (error != null) {
			Throwable cause = (error instanceof CompletionException) ? error.getCause() : error;
			GoChatException refused = (cause instanceof GoChatException known) ? known
					: new GoChatException(ErrorCode.STORE_ERROR, "message not stored: " + cause.getMessage(), cause);
			if (allCopies != null) {
				// their seqs are taken but nothing is pushed: connections here skip them
				for (MessageCopy copy : allCopies) {
					this.pushes.skip(copy.userId(), copy.seq());
				}
			}
			fail(batch, refused);
			return;
		}
		int at = 0;
		for (Accepted accepted : batch) {
			List<MessageCopy> copies = allCopies.subList(at, at + accepted.owners().size());
			at += copies.size();
			try {
				push(accepted, copies);
			}
			catch (RuntimeException ex) {
				// the message is stored: its receivers get it by sync
				log.error("Pushing a message of {} failed", accepted.message().senderId(), ex);
			}
			accepted.result().complete(copies.get(0).seq());
		}
	}

	private void push(Accepted accepted, List<MessageCopy> copies) {
		MessageCopy senderCopy = copies.get(0);
		// the sender's own copy is never pushed; its connection is on this node
		this.pushes.skip(senderCopy.userId(), senderCopy.seq());
		if (accepted.location() != null) {
			MessageCopy receiverCopy = copies.get(1);
			this.pushes.push(accepted.location(), receiverCopy.userId(), receiverCopy.seq(),
					PushFrames.push(receiverCopy), accepted.acceptedNanos());
			return;
		}
		PushFrames.Template template = PushFrames.template(senderCopy);
		Map<Long, byte[]> outputs = HashMap.newHashMap(copies.size());
		int local = 0;
		for (int i = 1; i < copies.size(); i++) {
			MessageCopy copy = copies.get(i);
			byte[] output = template.forSeq(copy.seq());
			outputs.put(copy.userId(), output);
			if (this.pushes.pushIfLocal(copy.userId(), copy.seq(), output, accepted.acceptedNanos())) {
				local++;
			}
		}
		this.pushes.pushToOthers(outputs, local);
	}

	private static void fail(List<Accepted> batch, GoChatException error) {
		batch.forEach((accepted) -> accepted.result().completeExceptionally(error));
	}

	@Override
	public BatchingWorker<?> worker() {
		return this.worker;
	}

	@Override
	public int getPhase() {
		// stops after the gateway (no more messages) and before storage (drained last)
		return ServerPhases.SERVERS - 50;
	}

	private record Accepted(ChatMessage message, List<Long> owners, Location location, long acceptedNanos,
			CompletableFuture<Long> result) {
	}

}
