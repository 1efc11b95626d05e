package io.gochat.wire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.gochat.message.MessageCopy;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;

/**
 * Encodes the push a receiver gets, {@code Output{CT_Message, 200, PushMsg{msg}}}, which
 * also crosses nodes as bytes.
 */
public final class PushFrames {

	private static final int OUTPUT_DATA = 4;

	private static final int PUSH_MSG = 1;

	private static final int MESSAGE_SEQ = 6;

	// Output fields 1 to 3 of every push; field 4 (data) follows
	private static final byte[] OUTPUT_HEAD = Output.newBuilder()
		.setType(CmdType.CT_Message)
		.setCode(ErrorCode.OK.code())
		.setCodeMsg(ErrorCode.OK.defaultMessage())
		.build()
		.toByteArray();

	private PushFrames() {
	}

	/**
	 * The receiver's push of a copy: a serialized {@code Output} carrying a
	 * {@code PushMsg}.
	 */
	public static byte[] push(MessageCopy copy) {
		return template(copy).forSeq(copy.seq());
	}

	/**
	 * The pushes of one message, which differ only in the receiver's seq: the fields they
	 * share are encoded once (a group message has hundreds of receivers).
	 */
	public static Template template(MessageCopy anyCopy) {
		return new Template(anyCopy);
	}

	/**
	 * The seq of the copy a push carries, read by walking the field headers without
	 * decoding anything else: a push from another node is ordered by it.
	 * @return the seq, or 0 if {@code output} is not a successful {@code CT_Message}
	 * output with a seq
	 */
	public static long seqOf(byte[] output) {
		Scanner scan = new Scanner(output);
		if (scan.varintField(0, output.length, 1) != CmdType.CT_Message_VALUE
				|| scan.varintField(0, output.length, 2) != ErrorCode.OK.code()
				|| !scan.bytesField(0, output.length, OUTPUT_DATA)) {
			return 0;
		}
		if (!scan.bytesField(scan.start, scan.end, PUSH_MSG)) {
			return 0;
		}
		long seq = scan.varintField(scan.start, scan.end, MESSAGE_SEQ);
		return Math.max(seq, 0);
	}

	/**
	 * The protocol {@code Message} of a stored copy, with that copy's seq.
	 */
	public static Message toProto(MessageCopy copy) {
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

	/**
	 * Writes {@code Message} fields 1–5 and 7 once; each {@link #forSeq} adds field 6 and
	 * the two enclosing length prefixes. Produces exactly the bytes of the generated
	 * encoder, which writes fields in number order and leaves out zero values.
	 */
	public static final class Template {

		private final byte[] head;

		private final byte[] tail;

		private Template(MessageCopy copy) {
			Message shared = toProto(copy).toBuilder().clearSeq().build();
			byte[] whole = shared.toByteArray();
			// send_time (field 7) is the last field written, when set
			int tailLength = (copy.sendTime() == 0) ? 0
					: CodedOutputStream.computeInt64Size(Message.SEND_TIME_FIELD_NUMBER, copy.sendTime());
			this.head = Arrays.copyOfRange(whole, 0, whole.length - tailLength);
			this.tail = Arrays.copyOfRange(whole, whole.length - tailLength, whole.length);
		}

		public byte[] forSeq(long seq) {
			int seqLength = (seq == 0) ? 0 : CodedOutputStream.computeUInt64Size(MESSAGE_SEQ, seq);
			int messageLength = this.head.length + seqLength + this.tail.length;
			int pushLength = CodedOutputStream.computeTagSize(PUSH_MSG)
					+ CodedOutputStream.computeUInt32SizeNoTag(messageLength) + messageLength;
			int outputLength = OUTPUT_HEAD.length + CodedOutputStream.computeTagSize(OUTPUT_DATA)
					+ CodedOutputStream.computeUInt32SizeNoTag(pushLength) + pushLength;
			byte[] output = new byte[outputLength];
			CodedOutputStream out = CodedOutputStream.newInstance(output);
			try {
				out.writeRawBytes(OUTPUT_HEAD);
				out.writeTag(OUTPUT_DATA, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				out.writeUInt32NoTag(pushLength);
				out.writeTag(PUSH_MSG, WireFormat.WIRETYPE_LENGTH_DELIMITED);
				out.writeUInt32NoTag(messageLength);
				out.writeRawBytes(this.head);
				if (seq != 0) {
					out.writeUInt64(MESSAGE_SEQ, seq);
				}
				out.writeRawBytes(this.tail);
				out.checkNoSpaceLeft();
			}
			catch (IOException ex) {
				// cannot happen: the array was sized exactly
				throw new UncheckedIOException(ex);
			}
			return output;
		}

	}

	/**
	 * Walks the fields of an encoded message; a malformed one reads as missing fields.
	 */
	private static final class Scanner {

		private final byte[] bytes;

		private int at;

		// the span of the last field found by bytesField
		int start;

		int end;

		Scanner(byte[] bytes) {
			this.bytes = bytes;
		}

		/** The value of varint field {@code number} in [from, to), -1 if absent. */
		long varintField(int from, int to, int number) {
			this.at = from;
			long found = -1;
			while (this.at < to) {
				long tag = varint(to);
				int wire = (int) (tag & 7);
				if (tag < 0) {
					return -1;
				}
				if (wire == WireFormat.WIRETYPE_VARINT) {
					long value = varint(to);
					if ((tag >>> 3) == number) {
						found = value;
					}
				}
				else if (!skip(wire, to)) {
					return -1;
				}
			}
			return found;
		}

		/** Finds length-delimited field {@code number} in [from, to): sets start, end. */
		boolean bytesField(int from, int to, int number) {
			this.at = from;
			boolean found = false;
			while (this.at < to) {
				long tag = varint(to);
				int wire = (int) (tag & 7);
				if (tag < 0) {
					return false;
				}
				if (wire == WireFormat.WIRETYPE_LENGTH_DELIMITED && (tag >>> 3) == number) {
					long length = varint(to);
					if (length < 0 || length > to - this.at) {
						return false;
					}
					this.start = this.at;
					this.end = this.at + (int) length;
					this.at = this.end;
					found = true;
				}
				else if (!skip(wire, to)) {
					return false;
				}
			}
			return found;
		}

		private boolean skip(int wire, int to) {
			switch (wire) {
				case WireFormat.WIRETYPE_VARINT -> {
					return varint(to) >= 0;
				}
				case WireFormat.WIRETYPE_LENGTH_DELIMITED -> {
					long length = varint(to);
					if (length < 0 || length > to - this.at) {
						return false;
					}
					this.at += (int) length;
					return true;
				}
				case WireFormat.WIRETYPE_FIXED64 -> {
					this.at += 8;
					return this.at <= to;
				}
				case WireFormat.WIRETYPE_FIXED32 -> {
					this.at += 4;
					return this.at <= to;
				}
				default -> {
					return false;
				}
			}
		}

		// a varint below 2^63, or -1 if truncated or longer
		private long varint(int to) {
			long value = 0;
			for (int shift = 0; shift < 63 && this.at < to; shift += 7) {
				byte b = this.bytes[this.at++];
				value |= (long) (b & 0x7F) << shift;
				if (b >= 0) {
					return value;
				}
			}
			this.at = to;
			return -1;
		}

	}

}
