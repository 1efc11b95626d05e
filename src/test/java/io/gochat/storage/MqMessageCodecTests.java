package io.gochat.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import io.gochat.message.MessageCopy;
import io.gochat.protocol.MQMessage;
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
	void encodesWhatTheGeneratedCodeParsesAndParsesWhatItEncodesForRandomCopies() throws Exception {
		Random random = new Random(42);
		for (int run = 0; run < 500; run++) {
			List<MessageCopy> copies = new ArrayList<>();
			int messages = 1 + random.nextInt(4);
			for (int m = 0; m < messages; m++) {
				byte[] content = new byte[random.nextInt(3) * random.nextInt(300)];
				random.nextBytes(content);
				long sender = anyLong(random);
				int sessionType = random.nextInt(5) - 1;
				long receiver = anyLong(random);
				int messageType = random.nextInt(5) - 1;
				long sendTime = random.nextBoolean() ? random.nextLong(-10_000_000_000_000L, 10_000_000_000_000L) : 0;
				for (int member = 0; member < 1 + random.nextInt(5); member++) {
					copies.add(new MessageCopy(1 + Math.abs(anyLong(random) / 2), sender, sessionType, receiver,
							messageType, content, 1 + Math.abs(anyLong(random) / 2), sendTime));
				}
			}
			byte[] ours = MqMessageCodec.encode(copies);
			byte[] generated = generated(copies).toByteArray();
			assertThat(MQMessages.parseFrom(ours)).isEqualTo(generated(copies));
			assertThat(MqMessageCodec.decode(generated)).usingRecursiveFieldByFieldElementComparator()
				.isEqualTo(copies);
			assertThat(MqMessageCodec.decode(ours)).usingRecursiveFieldByFieldElementComparator().isEqualTo(copies);
		}
	}

	@Test
	void readsWhatGoNodesPublishWithIdAndTimesSet() throws Exception {
		Timestamp time = Timestamp.newBuilder().setSeconds(1_700_000_000).setNanos(250_000_000).build();
		byte[] body = MQMessages.newBuilder()
			.addMessages(MQMessage.newBuilder()
				.setId(99)
				.setUserId(5)
				.setSenderId(6)
				.setSessionType(2)
				.setReceiverId(7)
				.setMessageType(1)
				.setContent(ByteString.copyFromUtf8("hi"))
				.setSeq(8)
				.setSendTime(time)
				.setCreateTime(time)
				.setUpdateTime(time))
			.build()
			.toByteArray();
		assertThat(MqMessageCodec.decode(body)).singleElement()
			.usingRecursiveComparison()
			.isEqualTo(new MessageCopy(5, 6, 2, 7, 1, "hi".getBytes(), 8, 1_700_000_000_250L));
	}

	@Test
	void copiesOfOneMessageShareTheirContentWhenRead() throws Exception {
		byte[] content = "to the group".getBytes();
		List<MessageCopy> copies = List.of(new MessageCopy(1, 9, 2, 3, 1, content, 10, 5),
				new MessageCopy(2, 9, 2, 3, 1, content, 20, 5), new MessageCopy(4, 9, 2, 3, 1, content, 30, 5));
		List<MessageCopy> decoded = MqMessageCodec.decode(MqMessageCodec.encode(copies));
		assertThat(decoded.get(1).content()).isSameAs(decoded.get(0).content()).isSameAs(decoded.get(2).content());
	}

	private static long anyLong(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> random.nextInt(1000);
			case 2 -> random.nextLong();
			default -> Long.MAX_VALUE;
		};
	}

	private static MQMessages generated(List<MessageCopy> copies) {
		MQMessages.Builder batch = MQMessages.newBuilder();
		for (MessageCopy copy : copies) {
			batch.addMessages(MQMessage.newBuilder()
				.setUserId(copy.userId())
				.setSenderId(copy.senderId())
				.setSessionType(copy.sessionType())
				.setReceiverId(copy.receiverId())
				.setMessageType(copy.messageType())
				.setContent(ByteString.copyFrom(copy.content()))
				.setSeq(copy.seq())
				.setSendTime(Timestamp.newBuilder()
					.setSeconds(Math.floorDiv(copy.sendTime(), 1000L))
					.setNanos((int) Math.floorMod(copy.sendTime(), 1000L) * 1_000_000)));
		}
		return batch.build();
	}

	@Test
	void refusesBodiesThatAreNotMqMessages() {
		assertThatExceptionOfType(InvalidProtocolBufferException.class)
			.isThrownBy(() -> MqMessageCodec.decode(new byte[] { (byte) 0xff, (byte) 0xff }));
	}

	@Test
	void refusesCopiesWithoutOwnerOrSeq() {
		byte[] body = MQMessages.newBuilder().addMessages(MQMessage.newBuilder().setSeq(1)).build().toByteArray();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> MqMessageCodec.decode(body));
	}

}
