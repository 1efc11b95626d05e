package io.gochat.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.gochat.group.GroupMembers;
import io.gochat.metrics.ChatMetrics;
import io.gochat.system.ErrorCode;
import io.gochat.system.GoChatException;
import io.gochat.user.UserDirectory;

import org.springframework.stereotype.Service;

/**
 * Accepts a chat message from a logged-in user: checks it, finds its owners (the sender
 * and every receiver: write diffusion, one stored copy per member of a group) and hands
 * it to the {@link Sequencer}, where every owner gets the next seq of their own, the
 * copies are queued for storage and the receivers get their pushes. The sender's ACK
 * follows once the copies are durably queued.
 */
@Service
public class ChatService {

	/** MT_Voice, the highest message type of the contract. */
	static final int MAX_MESSAGE_TYPE = 3;

	private final Sequencer sequencer;

	private final PushRouter pushes;

	private final UserDirectory users;

	private final GroupMembers groups;

	private final ChatMetrics metrics;

	ChatService(Sequencer sequencer, PushRouter pushes, UserDirectory users, GroupMembers groups, ChatMetrics metrics) {
		this.sequencer = sequencer;
		this.pushes = pushes;
		this.users = users;
		this.groups = groups;
		this.metrics = metrics;
	}

	/**
	 * Stores and delivers the message. Returns as soon as it is sequenced, queued for
	 * storage and pushed, without waiting for storage to confirm, so the caller can take
	 * the next message meanwhile.
	 * @param senderId the logged-in user of the connection it came on
	 * @return completes with the seq of the sender's own copy once all copies are durably
	 * queued, or exceptionally with a {@link GoChatException} (code 1008) if they were
	 * not
	 * @throws GoChatException if the message is refused (forged sender, unknown receiver
	 * or group, not a member, bad session type) or could not be handed to storage;
	 * nothing was stored then
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
		// where a single-chat receiver is may take a Redis look-up: done here, not in
		// sequencing
		PushRouter.Location location = (message.sessionType() == ChatMessage.SINGLE)
				? this.pushes.locate(receivers.get(0)) : null;
		CompletableFuture<Long> stored = this.sequencer.submit(message, owners, location);
		this.metrics.messageIn(message.sessionType());
		return stored;
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
