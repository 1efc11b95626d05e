package io.gochat.storage;

import io.gochat.message.MessageCopy;
import java.util.List;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.protocol.MQMessages;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class MqMessageCodecTests {

	@Test
	void roundTripsEveryField() throws Exception {
		MessageCopy copy = new MessageCopy(11, 12, 2, 13, 3, "hello".getBytes(), 14, 1_764_000_000_123L);
		List<MessageCopy> decoded = MqMessageCodec.decode(MqMessageCodec.encode(List.of(copy)));
		assertThat(decoded).singleElement().usingRecursiveComparison().isEqualTo(copy);
	}

	@Test
	void writesTheContractsFieldsLikeUpstream() throws Exception {
		MessageCopy copy = new MessageCopy(11, 12, 1, 13, 1, new byte[0], 14, 1_000_500L);
		MQMessages body = MQMessages.parseFrom(MqMessageCodec.encode(List.of(copy, copy)));
		assertThat(body.getMessagesCount()).isEqualTo(2);
		assertThat(body.getMessages(0).getSendTime().getSeconds()).isEqualTo(1000);
		assertThat(body.getMessages(0).getSendTime().getNanos()).isEqualTo(500_000_000);
		// left to the database, as upstream does
		assertThat(body.getMessages(0).hasCreateTime()).isFalse();
		assertThat(body.getMessages(0).getId()).isZero();
	}

	@Test
	void refusesBodiesThatAreNotMqMessages() {
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> MqMessageCodec.decode(new byte[] { (byte) 0xff, (byte) 0xff }));
	}

	@Test
	void refusesCopiesWithoutOwnerOrSeq() {
		byte[] body = MQMessages.newBuilder()
			.addMessages(io.gochat.protocol.MQMessage.newBuilder().setSeq(1))
			.build()
			.toByteArray();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> MqMessageCodec.decode(body));
	}

}
