package io.gochat.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.gochat.group.GroupMembers;
import io.gochat.history.MessageHistory;
import io.gochat.metrics.ChatMetrics;
import io.gochat.presence.Location;
import io.gochat.presence.UserPresence;
import io.gochat.sequence.SeqAllocator;
import io.gochat.user.UserDirectory;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.gochat.wire.Outputs;

import org.springframework.stereotype.Service;

/**
 * What a logged-in user asks of delivery. A chat message: checks it, finds its owners
 * (the sender and every receiver: write diffusion, one stored copy per member of a group)
 * and hands it to the {@link DeliveryPipeline}, where every owner gets the next seq of
 * their own, the copies are queued for storage and the receivers get their pushes; the
 * sender's ACK follows once the copies are durably queued. A sync: the user's copies
 * after a seq, a page at a time.
 */
@Service
public class ChatService {

	/** MT_Voice, the highest message type of the contract. */
	static final int MAX_MESSAGE_TYPE = 3;

	private final DeliveryPipeline pipeline;

	private final UserPresence presence;

	private final UserDirectory users;

	private final GroupMembers groups;

	private final SyncWaiter syncs;

	private final ChatMetrics metrics;

	private final SeqAllocator seqs;

	ChatService(DeliveryPipeline pipeline, UserPresence presence, UserDirectory users, GroupMembers groups,
			SyncWaiter syncs, ChatMetrics metrics, SeqAllocator seqs) {
		this.seqs = seqs;
		this.metrics = metrics;
		this.pipeline = pipeline;
		this.presence = presence;
		this.users = users;
		this.groups = groups;
		this.syncs = syncs;
	}

	/**
	 * Checks the message and queues it on the delivery pipeline. Returns once it is
	 * queued: seqs, storage and pushes follow on the pipeline's thread, so the caller can
	 * take the next message meanwhile.
	 * @param senderId the logged-in user of the connection it came on
	 * @return completes with the seq of the sender's own copy once all copies are durably
	 * queued, or exceptionally with a {@link GoChatException}: code 1008 if storage
	 * refused them, 1004 if seqs could not be taken
	 * @throws GoChatException if the message is refused (forged sender, unknown receiver
	 * or group, not a member, bad session type) or the pipeline is full (1004, "server
	 * busy"); nothing was stored then
	 */
	public CompletableFuture<Long> send(long senderId, ChatMessage message) {
		if (message.senderId() != senderId) {
			throw new GoChatException(ErrorCode.ILLEGAL_USER_ID,
					"sender_id " + message.senderId() + " is not the logged-in user " + senderId);
		}
		if (message.messageType() < 0 || message.messageType() > MAX_MESSAGE_TYPE) {
			throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER,
					"message_type " + message.messageType() + " is not 0 to " + MAX_MESSAGE_TYPE);
		}
		List<Long> receivers = switch (message.sessionType()) {
			case ChatMessage.SINGLE -> List.of(singleChatReceiver(senderId, message.receiverId()));
			case ChatMessage.GROUP -> groupChatReceivers(senderId, message.receiverId());
			default -> throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER,
					"session_type " + message.sessionType() + " is not 1 (single) or 2 (group)");
		};
		List<Long> owners = new ArrayList<>(receivers.size() + 1);
		owners.add(senderId);
		owners.addAll(receivers);
		// where a single-chat receiver is may take a Redis look-up: done here, on the
		// sender's worker, not on the pipeline's one thread
		Location location = (message.sessionType() == ChatMessage.SINGLE) ? this.presence.locate(receivers.get(0))
				: null;
		CompletableFuture<Long> stored = this.pipeline.submit(message, owners, location);
		this.metrics.messageIn(message.sessionType());
		return stored;
	}

	/**
	 * Offline sync: the user's copies after {@code seq}, at most
	 * {@value MessageHistory#PAGE_SIZE} and about {@code maxBytes} of content (at least
	 * one copy), oldest first, including every message ACKed before this call (read after
	 * ACK: it may wait, bounded, for storage; ADR 2).
	 * @return completes with the serialized {@code Output{CT_Sync, SyncOutputMsg}} to
	 * answer with
	 */
	public CompletableFuture<byte[]> sync(long userId, long seq, long maxBytes) {
		return this.syncs.after(userId, seq, maxBytes)
			.thenApply((page) -> Outputs.sync(page.messages(), page.hasMore()));
	}

	/**
	 * The user's latest seq handed out (0 if none is known): a connection orders the
	 * pushes after it. May read Redis.
	 */
	public long currentSeq(long userId) {
		return this.seqs.current(userId);
	}

	private long singleChatReceiver(long senderId, long receiverId) {
		if (receiverId == senderId) {
			throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER, "cannot send a single-chat message to yourself");
		}
		if (!this.users.exists(receiverId)) {
			throw new GoChatException(ErrorCode.NO_DATA, "no such user: " + receiverId);
		}
		return receiverId;
	}

	private List<Long> groupChatReceivers(long senderId, long groupId) {
		List<Long> members = this.groups.of(groupId);
		if (members.isEmpty()) {
			throw new GoChatException(ErrorCode.NO_DATA, "no such group: " + groupId);
		}
		List<Long> others = new ArrayList<>(members.size());
		boolean isMember = false;
		for (Long member : members) {
			if (member == senderId) {
				isMember = true;
			}
			else {
				others.add(member);
			}
		}
		if (!isMember) {
			throw new GoChatException(ErrorCode.UNAUTHORIZED, "not a member of group " + groupId);
		}
		return others;
	}

}
