package io.gochat.wire;

import java.util.List;

import io.gochat.message.MessageCopy;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushFramesTests {

	static MessageCopy copy(long seq, byte[] content, long sendTime) {
		return new MessageCopy(5, 6, 2, 700, 1, content, seq, sendTime);
	}

	/** The push as the generated encoder writes it. */
	static byte[] pushByBuilder(MessageCopy copy) {
		return Output.newBuilder()
			.setType(CmdType.CT_Message)
			.setCode(200)
			.setCodeMsg("Success")
			.setData(PushMsg.newBuilder().setMsg(PushFrames.toProto(copy)).build().toByteString())
			.build()
			.toByteArray();
	}

	@Test
	void templateWritesTheGeneratedEncodersBytesForEverySeqSize() {
		for (byte[] content : List.of(new byte[0], "hi".getBytes(), new byte[300])) {
			for (long sendTime : List.of(0L, 1L, 1_764_000_000_123L)) {
				PushFrames.Template template = PushFrames.template(copy(1, content, sendTime));
				for (long seq : List.of(1L, 127L, 128L, 16_384L, 1L << 40, Long.MAX_VALUE)) {
					assertThat(template.forSeq(seq)).as("seq %d, %d bytes, time %d", seq, content.length, sendTime)
						.isEqualTo(pushByBuilder(copy(seq, content, sendTime)));
				}
			}
		}
	}

	@Test
	void aPushParsesAsOutputWithThePushMsgOfTheCopy() throws Exception {
		MessageCopy copy = copy(42, "hello".getBytes(), 1_764_000_000_123L);
		Output output = Output.parseFrom(PushFrames.push(copy));
		assertThat(output.getCode()).isEqualTo(200);
		PushMsg push = PushMsg.parseFrom(output.getData());
		assertThat(push.getMsg().getSeq()).isEqualTo(42);
		assertThat(push.getMsg().getContent().toStringUtf8()).isEqualTo("hello");
		assertThat(push.getMsg().getReceiverId()).isEqualTo(700);
		assertThat(push.getMsg().getSendTime()).isEqualTo(1_764_000_000_123L);
	}

}
