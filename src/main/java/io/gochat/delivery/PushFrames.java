package io.gochat.delivery;

import com.google.protobuf.ByteString;
import io.gochat.history.StoredMessage;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.system.ErrorCode;

/**
 * Encodes protocol messages of delivery: the {@code Output{CT_Message, 200, PushMsg}} a
 * receiver gets, which crosses nodes as bytes.
 */
public final class PushFrames {

	private PushFrames() {
	}

	/**
	 * The receiver's push of a copy: a serialized {@code Output} carrying a
	 * {@code PushMsg}.
	 */
	static byte[] push(StoredMessage copy) {
		PushMsg push = PushMsg.newBuilder().setMsg(toProto(copy)).build();
		return Output.newBuilder()
			.setType(CmdType.CT_Message)
			.setCode(ErrorCode.OK.code())
			.setCodeMsg(ErrorCode.OK.defaultMessage())
			.setData(push.toByteString())
			.build()
			.toByteArray();
	}

	/**
	 * The protocol {@code Message} of a stored copy, with that copy's seq.
	 */
	public static Message toProto(StoredMessage copy) {
		return Message.newBuilder()
			.setSessionTypeValue(copy.sessionType())
			.setReceiverId(copy.receiverId())
			.setSenderId(copy.senderId())
			.setMessageTypeValue(copy.messageType())
			.setContent(ByteString.copyFrom(copy.content()))
			.setSeq(copy.seq())
			.setSendTime(copy.sendTime())
			.build();
	}

}
