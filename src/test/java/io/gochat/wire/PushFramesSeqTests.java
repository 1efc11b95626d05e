package io.gochat.wire;

import io.gochat.message.MessageCopy;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushFramesSeqTests {

	@Test
	void readsTheSeqOfAPushWithoutDecodingIt() {
		MessageCopy copy = new MessageCopy(7, 8, 2, 900, 1, "hello".getBytes(), 123_456_789_012L, 1_700_000_000_000L);
		assertThat(PushFrames.seqOf(PushFrames.push(copy))).isEqualTo(123_456_789_012L);
		assertThat(PushFrames.seqOf(PushFrames.template(copy).forSeq(1))).isEqualTo(1);
	}

	@Test
	void readsTheSeqOfAPushEncodedByAnotherNode() {
		byte[] output = Output.newBuilder()
			.setType(CmdType.CT_Message)
			.setCode(200)
			.setCodeMsg("OK")
			.setData(PushMsg.newBuilder().setMsg(Message.newBuilder().setSeq(42).setSenderId(3)).build().toByteString())
			.build()
			.toByteArray();
		assertThat(PushFrames.seqOf(output)).isEqualTo(42);
	}

	@Test
	void anythingElseHasNoSeq() {
		assertThat(PushFrames.seqOf(Outputs.loginAck())).isZero();
		assertThat(PushFrames.seqOf(Outputs.error(ErrorCode.SERVER_ERROR, "no"))).isZero();
		assertThat(PushFrames.seqOf(new byte[] { (byte) 0xff, (byte) 0xff })).isZero();
		assertThat(PushFrames.seqOf(new byte[] { 0x22, 0x7f, 0x01 })).isZero();
		assertThat(PushFrames.seqOf(new byte[0])).isZero();
	}

}
