package io.gochat.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import io.gochat.group.GroupMembers;
import io.gochat.history.MessageStore;
import io.gochat.history.MessageStoreException;
import io.gochat.history.StoredMessage;
import io.gochat.sequence.SeqAllocator;
import io.gochat.system.ErrorCode;
import io.gochat.system.GoChatException;
import io.gochat.user.UserDirectory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;

/**
 * Accepts a chat message from a logged-in user: every owner (sender and receivers) gets
 * the next seq of their own, taken in one atomic step; all copies are queued durably for
 * storage; then receivers get their pushes. Group chat is write diffusion: one stored
 * copy per member.
 */
@Service
public class ChatService {

	private final SeqAllocator seqs;

	private final MessageStore store;

	private final PushRouter pushes;

	private final UserDirectory users;

	private final GroupMembers groups;

	private final ReentrantLock sequencer = new ReentrantLock();

	ChatService(SeqAllocator seqs, MessageStore store, PushRouter pushes, UserDirectory users, GroupMembers groups) {
		this.seqs = seqs;
		this.store = store;
		this.pushes = pushes;
		this.users = users;
		this.groups = groups;
	}

	/**
	 * Stores and delivers the message.
	 * @param senderId the logged-in user of the connection it came on
	 * @return the seq of the sender's own copy
	 * @throws GoChatException if the message is refused (forged sender, unknown receiver
	 * or group, not a member, bad session type) or could not be stored; nothing was
	 * stored then
	 */
	public long send(long senderId, ChatMessage message) {
		if (message.senderId() != senderId) {
			throw new GoChatException(ErrorCode.ILLEGAL_USER_ID,
					"sender_id " + message.senderId() + " is not the logged-in user " + senderId);
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
		boolean single = message.sessionType() == ChatMessage.SINGLE;
		PushRouter.Location receiverLocation = single ? this.pushes.locate(receivers.get(0)) : null;
		List<StoredMessage> copies;
		MessageStore.Receipt receipt;
		// Seqs are taken and pushes queued under one lock, so every connection gets its
		// pushes
		// in seq order: if a member saw seq 6 before seq 5 and then reconnected, a sync
		// from 6
		// would never return 5. Inside are only the Redis script and calls that queue
		// without
		// blocking; the broker's confirm is awaited outside.
		this.sequencer.lock();
		try {
			copies = copiesFor(owners, message);
			receipt = enqueue(copies);
			if (single) {
				this.pushes.push(receiverLocation, receivers.get(0), PushFrames.push(copies.get(1)));
			}
			else {
				Map<Long, byte[]> outputs = HashMap.newHashMap(receivers.size());
				for (int i = 1; i < copies.size(); i++) {
					outputs.put(copies.get(i).userId(), PushFrames.push(copies.get(i)));
				}
				this.pushes.pushToAll(outputs);
			}
		}
		finally {
			this.sequencer.unlock();
		}
		awaitDurable(receipt);
		return copies.get(0).seq();
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

	private List<StoredMessage> copiesFor(List<Long> owners, ChatMessage message) {
		long[] ownerSeqs;
		try {
			ownerSeqs = this.seqs.next(owners);
		}
		catch (DataAccessException | IllegalStateException ex) {
			throw new GoChatException(ErrorCode.SERVER_ERROR, "could not take seqs: " + ex.getMessage(), ex);
		}
		List<StoredMessage> copies = new ArrayList<>(owners.size());
		for (int i = 0; i < owners.size(); i++) {
			copies.add(new StoredMessage(owners.get(i), message.senderId(), message.sessionType(), message.receiverId(),
					message.messageType(), message.content(), ownerSeqs[i], message.sendTime()));
		}
		return copies;
	}

	private MessageStore.Receipt enqueue(List<StoredMessage> copies) {
		try {
			return this.store.enqueue(copies);
		}
		catch (MessageStoreException ex) {
			throw new GoChatException(ErrorCode.STORE_ERROR, "message not stored: " + ex.getMessage(), ex);
		}
	}

	private static void awaitDurable(MessageStore.Receipt receipt) {
		try {
			receipt.awaitDurable();
		}
		catch (MessageStoreException ex) {
			throw new GoChatException(ErrorCode.STORE_ERROR, "message not stored: " + ex.getMessage(), ex);
		}
	}

}
