package io.gochat.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import io.gochat.batching.BatchingWorker;

import io.gochat.storage.MessageStore;
import io.gochat.storage.MessageStoreException;
import io.gochat.message.MessageCopy;
import io.gochat.presence.Location;
import io.gochat.sequence.SeqAllocator;
import io.gochat.wire.PushFrames;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.gochat.node.ServerPhases;

import org.springframework.stereotype.Component;

/**
 * The one thread that takes accepted messages in arrival order and, a batch at a time,
 * gives them their seqs, queues their copies for storage, pushes them to their receivers
 * and answers their senders once storage confirms.
 * <p>
 * One thread, so that every connection receives its pushes in seq order: if a member saw
 * seq 6 before seq 5 and then reconnected, a sync from 6 would never return 5. Batched,
 * so that order costs little: whatever accepted messages are waiting (up to
 * {@value #MAX_COPIES_PER_BATCH} copies) take their seqs in one Redis script call, go to
 * storage as one unit and are pushed one after the other. Nothing here waits for storage
 * to confirm; the senders' futures complete when it does.
 */
@Component
class DeliveryPipeline implements BatchingWorker.Lifecycle {

	static final int MAX_COPIES_PER_BATCH = 5000;

	// bounds memory when storage or Redis fall behind: senders then get "server busy"
	private static final int CAPACITY = 50_000;

	private final SeqAllocator seqs;

	private final MessageStore store;

	private final PushRouter pushes;

	private final BatchingWorker<Accepted> worker;

	DeliveryPipeline(SeqAllocator seqs, MessageStore store, PushRouter pushes) {
		this.seqs = seqs;
		this.store = store;
		this.pushes = pushes;
		this.worker = new BatchingWorker<>("gochat-sequencer", CAPACITY, Integer.MAX_VALUE,
				(accepted) -> accepted.owners().size(), MAX_COPIES_PER_BATCH, this::sequence,
				(batch, error) -> fail(batch, new GoChatException(ErrorCode.SERVER_ERROR, "server error")),
				Duration.ofSeconds(10));
	}

	/**
	 * Queues a checked message for sequencing.
	 * @param owners the sender first, then every receiver
	 * @param location where the receiver of a single-chat message is; null for group chat
	 * @return completes with the sender's seq once the copies are durably queued
	 */
	CompletableFuture<Long> submit(ChatMessage message, List<Long> owners, Location location) {
		Accepted accepted = new Accepted(message, owners, location, new CompletableFuture<>());
		if (!this.worker.offer(accepted)) {
			throw new GoChatException(ErrorCode.SERVER_ERROR, "server busy: message not accepted, send it again");
		}
		return accepted.result();
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
		List<MessageCopy> allCopies = new ArrayList<>(allOwners.size());
		int at = 0;
		for (Accepted accepted : batch) {
			ChatMessage m = accepted.message();
			for (Long owner : accepted.owners()) {
				allCopies.add(new MessageCopy(owner, m.senderId(), m.sessionType(), m.receiverId(), m.messageType(),
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
			List<MessageCopy> copies = allCopies.subList(at, at + accepted.owners().size());
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

	private void push(Accepted accepted, List<MessageCopy> copies) {
		if (accepted.location() != null) {
			MessageCopy receiverCopy = copies.get(1);
			this.pushes.push(accepted.location(), receiverCopy.userId(), PushFrames.push(receiverCopy));
			return;
		}
		PushFrames.Template template = PushFrames.template(copies.get(0));
		Map<Long, byte[]> outputs = HashMap.newHashMap(copies.size());
		for (int i = 1; i < copies.size(); i++) {
			outputs.put(copies.get(i).userId(), template.forSeq(copies.get(i).seq()));
		}
		this.pushes.pushToAll(outputs);
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

	private record Accepted(ChatMessage message, List<Long> owners, Location location, CompletableFuture<Long> result) {
	}

}
