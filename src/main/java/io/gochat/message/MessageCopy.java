package io.gochat.message;

/**
 * One user's copy of a chat message, with that user's seq: what is pushed, stored as a
 * row of the {@code message} table, and returned by sync.
 *
 * @param userId the owner of this copy
 * @param senderId who sent the message
 * @param sessionType 1 single chat, 2 group chat
 * @param receiverId the receiving user (single chat) or group (group chat)
 * @param messageType 1 text, 2 picture, 3 voice
 * @param content the payload, as sent
 * @param seq the owner's seq for this copy
 * @param sendTime when the sender sent it, unix milliseconds
 */
public record MessageCopy(long userId, long senderId, int sessionType, long receiverId, int messageType, byte[] content,
		long seq, long sendTime) {

	public MessageCopy {
		if (userId <= 0 || seq <= 0) {
			throw new IllegalArgumentException("userId: " + userId + ", seq: " + seq + " (expected: both > 0)");
		}
		if (content == null) {
			throw new IllegalArgumentException("content: null (expected: bytes, possibly empty)");
		}
	}

}
