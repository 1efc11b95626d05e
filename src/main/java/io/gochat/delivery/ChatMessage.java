package io.gochat.delivery;

/**
 * A chat message as a client sent it.
 *
 * @param sessionType 1 single chat, 2 group chat; anything else is refused
 * @param receiverId the receiving user or group
 * @param senderId the sender the client claims; must be the logged-in user
 * @param messageType 1 text, 2 picture, 3 voice (stored and passed on as sent)
 * @param content the payload
 * @param sendTime the client's send time, unix milliseconds
 */
public record ChatMessage(int sessionType, long receiverId, long senderId, int messageType, byte[] content,
		long sendTime) {

	public static final int SINGLE = 1;

	public static final int GROUP = 2;

	public ChatMessage {
		if (content == null) {
			content = new byte[0];
		}
	}

}
