package io.gochat.wire;

import java.util.List;

import com.google.protobuf.ByteString;
import io.gochat.message.MessageCopy;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Output;
import io.gochat.protocol.SyncOutputMsg;

/**
 * The serialized {@code Output}s a client is answered with: ACKs, sync pages and errors
 * (pushes are {@link PushFrames}).
 * <p>
 * Errors are an addition to upstream, which answers bad input with silence: their type is
 * {@code CT_UnKnow}, so clients written for upstream (which switch on the type) pass over
 * them, while other clients read {@code code} and {@code CodeMsg}.
 */
public final class Outputs {

	private Outputs() {
	}

	public static byte[] loginAck() {
		return ok(CmdType.CT_ACK, ACKMsg.newBuilder().setType(ACKType.AT_Login).build().toByteString());
	}

	public static byte[] upAck(long clientId, long seq) {
		return ok(CmdType.CT_ACK,
				ACKMsg.newBuilder().setType(ACKType.AT_Up).setClientId(clientId).setSeq(seq).build().toByteString());
	}

	/**
	 * A page of offline sync: the copies, ascending by seq, and whether more follow.
	 */
	public static byte[] sync(List<MessageCopy> copies, boolean hasMore) {
		SyncOutputMsg.Builder sync = SyncOutputMsg.newBuilder().setHasMore(hasMore);
		for (MessageCopy copy : copies) {
			sync.addMessages(PushFrames.toProto(copy));
		}
		return ok(CmdType.CT_Sync, sync.build().toByteString());
	}

	public static byte[] error(ErrorCode code, String message) {
		return error(code, message, ByteString.EMPTY);
	}

	/**
	 * An error answering an up message: {@code data} is an {@code ACKMsg{AT_Up,
	 * clientId}} naming the message it refuses.
	 */
	public static byte[] upError(ErrorCode code, String message, long clientId) {
		return error(code, message,
				ACKMsg.newBuilder().setType(ACKType.AT_Up).setClientId(clientId).build().toByteString());
	}

	private static byte[] error(ErrorCode code, String message, ByteString data) {
		return Output.newBuilder()
			.setType(CmdType.CT_UnKnow)
			.setCode(code.code())
			.setCodeMsg(message == null || message.isBlank() ? code.defaultMessage() : message)
			.setData(data)
			.build()
			.toByteArray();
	}

	private static byte[] ok(CmdType type, ByteString data) {
		return Output.newBuilder()
			.setType(type)
			.setCode(ErrorCode.OK.code())
			.setCodeMsg(ErrorCode.OK.defaultMessage())
			.setData(data)
			.build()
			.toByteArray();
	}

}
