package io.gochat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.gochat.message.MessageCopy;

/**
 * Converts stored copies to and from the {@code MQMessages} body of the contract, the
 * format Go nodes publish and consume too.
 *
 * <p>
 * Written and read field by field rather than through the generated builders: a group
 * message has one copy per member, and the copies differ only in owner and seq. The
 * fields they share are encoded once per message and copied into each copy; decoding
 * gives consecutive copies with equal content the same array. Upstream's and any other
 * protobuf parser read the result as usual (fields may come in any order).
 */
final class MqMessageCodec {

	// field numbers of MQMessages and MQMessage (the contract)
	private static final int MESSAGES = 1;

	private static final int USER_ID = 2;

	private static final int SENDER_ID = 3;

	private static final int SESSION_TYPE = 4;

	private static final int RECEIVER_ID = 5;

	private static final int MESSAGE_TYPE = 6;

	private static final int CONTENT = 7;

	private static final int SEQ = 8;

	private static final int SEND_TIME = 9;

	private static final int SECONDS = 1;

	private static final int NANOS = 2;

	private MqMessageCodec() {
	}

	/**
	 * The body for the copies. Like upstream, it leaves {@code id}, {@code create_time}
	 * and {@code update_time} unset: the database fills them, and the body stays small.
	 * Fields at their default value are left out, as protobuf does.
	 */
	static byte[] encode(List<MessageCopy> copies) {
		byte[][] shared = new byte[copies.size()][];
		int size = 0;
		for (int i = 0; i < copies.size(); i++) {
			MessageCopy copy = copies.get(i);
			shared[i] = (i > 0 && sameMessage(copies.get(i - 1), copy)) ? shared[i - 1] : sharedFields(copy);
			int inner = ownFieldsSize(copy) + shared[i].length;
			size += CodedOutputStream.computeTagSize(MESSAGES) + CodedOutputStream.computeUInt32SizeNoTag(inner)
					+ inner;
		}
		byte[] body = new byte[size];
		CodedOutputStream out = CodedOutputStream.newInstance(body);
		try {
			for (int i = 0; i < copies.size(); i++) {
				MessageCopy copy = copies.get(i);
				out.writeTag(MESSAGES, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				out.writeUInt32NoTag(ownFieldsSize(copy) + shared[i].length);
				writeUInt64(out, USER_ID, copy.userId());
				writeUInt64(out, SEQ, copy.seq());
				out.writeRawBytes(shared[i]);
			}
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			// the array was sized for exactly these fields
			throw new UncheckedIOException(ex);
		}
		return body;
	}

	/** Whether two copies differ at most in owner and seq (copies of one message do). */
	private static boolean sameMessage(MessageCopy a, MessageCopy b) {
		return a.content() == b.content() && a.senderId() == b.senderId() && a.sessionType() == b.sessionType()
				&& a.receiverId() == b.receiverId() && a.messageType() == b.messageType()
				&& a.sendTime() == b.sendTime();
	}

	private static int ownFieldsSize(MessageCopy copy) {
		return uInt64Size(USER_ID, copy.userId()) + uInt64Size(SEQ, copy.seq());
	}

	private static byte[] sharedFields(MessageCopy copy) {
		long seconds = Math.floorDiv(copy.sendTime(), 1000L);
		int nanos = (int) Math.floorMod(copy.sendTime(), 1000L) * 1_000_000;
		int timeSize = int64Size(SECONDS, seconds) + int32Size(NANOS, nanos);
		int size = uInt64Size(SENDER_ID, copy.senderId()) + int32Size(SESSION_TYPE, copy.sessionType())
				+ uInt64Size(RECEIVER_ID, copy.receiverId()) + int32Size(MESSAGE_TYPE, copy.messageType())
				+ ((copy.content().length > 0) ? CodedOutputStream.computeByteArraySize(CONTENT, copy.content()) : 0)
				+ CodedOutputStream.computeTagSize(SEND_TIME) + CodedOutputStream.computeUInt32SizeNoTag(timeSize)
				+ timeSize;
		byte[] fields = new byte[size];
		CodedOutputStream out = CodedOutputStream.newInstance(fields);
		try {
			writeUInt64(out, SENDER_ID, copy.senderId());
			writeInt32(out, SESSION_TYPE, copy.sessionType());
			writeUInt64(out, RECEIVER_ID, copy.receiverId());
			writeInt32(out, MESSAGE_TYPE, copy.messageType());
			if (copy.content().length > 0) {
				out.writeByteArray(CONTENT, copy.content());
			}
			// send_time is always written, as the builder did: 1970-01-01 is a time too
			out.writeTag(SEND_TIME, WireFormat.WIRETYPE_LENGTH_DELIMITED);
			out.writeUInt32NoTag(timeSize);
			if (seconds != 0) {
				out.writeInt64(SECONDS, seconds);
			}
			writeInt32(out, NANOS, nanos);
			out.checkNoSpaceLeft();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return fields;
	}

	private static int uInt64Size(int field, long value) {
		return (value != 0) ? CodedOutputStream.computeUInt64Size(field, value) : 0;
	}

	private static int int64Size(int field, long value) {
		return (value != 0) ? CodedOutputStream.computeInt64Size(field, value) : 0;
	}

	private static int int32Size(int field, int value) {
		return (value != 0) ? CodedOutputStream.computeInt32Size(field, value) : 0;
	}

	private static void writeUInt64(CodedOutputStream out, int field, long value) throws IOException {
		if (value != 0) {
			out.writeUInt64(field, value);
		}
	}

	private static void writeInt32(CodedOutputStream out, int field, int value) throws IOException {
		if (value != 0) {
			out.writeInt32(field, value);
		}
	}

	/**
	 * The copies in a body. Fields this node does not store ({@code id},
	 * {@code create_time}, {@code update_time}, unknown ones) are skipped.
	 * @throws InvalidProtocolBufferException if the body is not an {@code MQMessages}
	 * @throws IllegalArgumentException if a copy lacks its owner or seq
	 */
	static List<MessageCopy> decode(byte[] body) throws InvalidProtocolBufferException {
		CodedInputStream in = CodedInputStream.newInstance(body);
		List<MessageCopy> copies = new ArrayList<>();
		ByteString lastContent = null;
		byte[] lastContentBytes = null;
		try {
			int tag;
			while ((tag = in.readTag()) != 0) {
				if (tag != ((MESSAGES << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED)) {
					in.skipField(tag);
					continue;
				}
				int limit = in.pushLimit(in.readRawVarint32());
				long userId = 0;
				long senderId = 0;
				int sessionType = 0;
				long receiverId = 0;
				int messageType = 0;
				ByteString content = ByteString.EMPTY;
				long seq = 0;
				long sendTime = 0;
				int field;
				while ((field = in.readTag()) != 0) {
					switch (field) {
						case (USER_ID << 3) -> userId = in.readUInt64();
						case (SENDER_ID << 3) -> senderId = in.readUInt64();
						case (SESSION_TYPE << 3) -> sessionType = in.readInt32();
						case (RECEIVER_ID << 3) -> receiverId = in.readUInt64();
						case (MESSAGE_TYPE << 3) -> messageType = in.readInt32();
						case (CONTENT << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> content = in.readBytes();
						case (SEQ << 3) -> seq = in.readUInt64();
						case (SEND_TIME << 3) | WireFormat.WIRETYPE_LENGTH_DELIMITED -> sendTime = readMillis(in);
						default -> in.skipField(field);
					}
				}
				in.checkLastTagWas(0);
				in.popLimit(limit);
				// the copies of one message come one after another: share their content
				if (!content.equals(lastContent)) {
					lastContent = content;
					lastContentBytes = content.toByteArray();
				}
				copies.add(new MessageCopy(userId, senderId, sessionType, receiverId, messageType, lastContentBytes,
						seq, sendTime));
			}
		}
		catch (InvalidProtocolBufferException ex) {
			throw ex;
		}
		catch (IOException ex) {
			throw new InvalidProtocolBufferException(ex);
		}
		return copies;
	}

	private static long readMillis(CodedInputStream in) throws IOException {
		int limit = in.pushLimit(in.readRawVarint32());
		long seconds = 0;
		int nanos = 0;
		int field;
		while ((field = in.readTag()) != 0) {
			switch (field) {
				case (SECONDS << 3) -> seconds = in.readInt64();
				case (NANOS << 3) -> nanos = in.readInt32();
				default -> in.skipField(field);
			}
		}
		in.popLimit(limit);
		return seconds * 1000L + nanos / 1_000_000;
	}

}
