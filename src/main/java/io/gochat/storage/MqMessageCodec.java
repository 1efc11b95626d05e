package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.gochat.protocol.MQMessage;
import io.gochat.protocol.MQMessages;

/**
 * Converts stored copies to and from the {@code MQMessages} body of the contract, the
 * format Go nodes publish and consume too.
 */
final class MqMessageCodec {

	private MqMessageCodec() {
	}

	/**
	 * The body for the copies. Like upstream, it leaves {@code id}, {@code create_time}
	 * and {@code update_time} unset: the database fills them, and the body stays small.
	 */
	static byte[] encode(List<MessageCopy> copies) {
		MQMessages.Builder batch = MQMessages.newBuilder();
		ByteString content = null;
		byte[] contentOf = null;
		for (MessageCopy copy : copies) {
			// the copies of one message share their content: wrap it once
			if (copy.content() != contentOf) {
				contentOf = copy.content();
				content = ByteString.copyFrom(contentOf);
			}
			batch.addMessages(MQMessage.newBuilder()
				.setUserId(copy.userId())
				.setSenderId(copy.senderId())
				.setSessionType(copy.sessionType())
				.setReceiverId(copy.receiverId())
				.setMessageType(copy.messageType())
				.setContent(content)
				.setSeq(copy.seq())
				.setSendTime(timestamp(copy.sendTime())));
		}
		return batch.build().toByteArray();
	}

	/**
	 * The copies in a body.
	 * @throws InvalidProtocolBufferException if the body is not an {@code MQMessages}
	 * @throws IllegalArgumentException if a copy lacks its owner or seq
	 */
	static List<MessageCopy> decode(byte[] body) throws InvalidProtocolBufferException {
		MQMessages batch = MQMessages.parseFrom(body);
		List<MessageCopy> copies = new ArrayList<>(batch.getMessagesCount());
		for (MQMessage m : batch.getMessagesList()) {
			copies.add(new MessageCopy(m.getUserId(), m.getSenderId(), m.getSessionType(), m.getReceiverId(),
					m.getMessageType(), m.getContent().toByteArray(), m.getSeq(), millis(m.getSendTime())));
		}
		return copies;
	}

	private static Timestamp timestamp(long epochMillis) {
		return Timestamp.newBuilder()
			.setSeconds(Math.floorDiv(epochMillis, 1000L))
			.setNanos((int) Math.floorMod(epochMillis, 1000L) * 1_000_000)
			.build();
	}

	private static long millis(Timestamp timestamp) {
		return timestamp.getSeconds() * 1000L + timestamp.getNanos() / 1_000_000;
	}

}
