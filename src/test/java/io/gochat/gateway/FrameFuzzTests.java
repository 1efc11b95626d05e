package io.gochat.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import com.google.protobuf.ByteString;
import io.gochat.auth.TokenService;
import io.gochat.delivery.ChatService;
import io.gochat.metrics.ChatMetrics;
import io.gochat.node.Refusals;
import io.gochat.presence.UserPresence;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.HeartbeatMsg;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.UpMsg;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.gochat.wire.Outputs;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Feeds 100,000 random and mutated frames to the gateway's frame pipeline (WebSocket
 * decoder, frame guard, aggregator, frame handler and the command handler on an in-line
 * worker), with the services behind it faked: nothing escapes as an unhandled exception,
 * and every frame is answered or the connection closed.
 */
class FrameFuzzTests {

	static final int CASES = 100_000;

	static final int MAX_FRAME = 64 * 1024;

	final Random random = new Random(20261202L);

	final GatewayLimits limits = new GatewayLimits(DataSize.ofMegabytes(4), DataSize.ofMegabytes(64), 256,
			DataSize.ofMegabytes(64), 2, DataSize.ofKilobytes(512), 1_000_000, 1_000_000, Duration.ofSeconds(10), 16000,
			1000, DataSize.ofKilobytes(8));

	final ChatMetrics metrics = new ChatMetrics(new SimpleMeterRegistry());

	final ConnectionRegistry registry = new ConnectionRegistry(this.metrics);

	final Refusals refusals = Refusals.inMemory();

	final InlineWorkers workers = new InlineWorkers();

	final WebSocketFrameHandler frames;

	final List<Input> valid = List.of(
			input(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8("valid")).build()),
			input(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8("forged")).build()),
			input(CmdType.CT_Heartbeat, HeartbeatMsg.getDefaultInstance()),
			input(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(7).build()),
			input(CmdType.CT_Message,
					UpMsg.newBuilder()
						.setClientId(1)
						.setMsg(Message.newBuilder()
							.setSessionType(SessionType.ST_Single)
							.setReceiverId(2)
							.setSenderId(42)
							.setContent(ByteString.copyFromUtf8("hello")))
						.build()));

	FrameFuzzTests() {
		TokenService tokens = mock(TokenService.class);
		given(tokens.verify(anyString())).willThrow(new GoChatException(ErrorCode.UNAUTHORIZED, "invalid token"));
		given(tokens.verify(eq("valid"))).willReturn(42L);
		UserPresence presence = mock(UserPresence.class);
		ChatService chat = mock(ChatService.class);
		given(chat.send(anyLong(), any())).willReturn(CompletableFuture.completedFuture(1L));
		given(chat.sync(anyLong(), anyLong(), anyLong()))
			.willReturn(CompletableFuture.completedFuture(Outputs.sync(List.of(), false)));
		CommandHandler commands = new CommandHandler(tokens, this.registry, presence, chat, this.metrics,
				new PushAckTimer(new PushAckProperties(Duration.ofSeconds(1), 3, 1024)), this.limits);
		ConnectionCleanup cleanup = new ConnectionCleanup(this.registry, this.workers, presence);
		OutboundQueue.Bounds bounds = new OutboundQueue.Bounds(4096, DataSize.ofMegabytes(4).toBytes(),
				new ByteBudget(DataSize.ofMegabytes(64).toBytes()), this.refusals);
		this.frames = new WebSocketFrameHandler(this.registry, this.workers, commands, cleanup, bounds, this.limits,
				this.refusals, this.metrics, PushOrdering.defaults());
	}

	EmbeddedChannel newChannel() {
		return new EmbeddedChannel(new WebSocket13FrameDecoder(WebSocketDecoderConfig.newBuilder()
			.expectMaskedFrames(true)
			.maxFramePayloadLength(MAX_FRAME)
			.closeOnProtocolViolation(false)
			.build()), new FrameErrorGuard(), new WebSocketFrameAggregator(MAX_FRAME), this.frames);
	}

	@Test
	void randomAndMutatedFramesAreAnsweredOrCloseTheConnectionWithoutUnhandledExceptions() {
		int answered = 0;
		int closed = 0;
		int silent = 0;
		for (int i = 0; i < CASES; i++) {
			// each case on a new connection (a frame cut short or too long would shift
			// the stream for the next), half of them logged in first
			EmbeddedChannel channel = newChannel();
			if (this.random.nextBoolean()) {
				channel.writeInbound(Unpooled.wrappedBuffer(maskedBinaryFrame(this.valid.get(0).toByteArray())));
				channel.runPendingTasks();
				releaseOutbound(channel);
			}
			byte[] wire = nextFrame();
			// EmbeddedChannel rethrows anything that reached the end of the pipeline
			channel.writeInbound(Unpooled.wrappedBuffer(wire));
			channel.runPendingTasks();
			channel.checkException();
			releaseInbound(channel);
			if (!channel.isActive()) {
				closed++;
			}
			else if (countOutbound(channel) > 0) {
				answered++;
			}
			else {
				// a fragment waiting for the rest of its message, a frame cut short, or a
				// command the contract leaves unanswered
				assertThat(isIncompleteOrFragment(wire) || isSilentByContract(wire))
					.as("case %d not answered: %s %s", i, hex(wire), describe(wire))
					.isTrue();
				silent++;
			}
			channel.finishAndReleaseAll();
			this.registry.open().forEach(this.registry::closed);
		}
		assertThat(answered + closed).isGreaterThan(CASES / 2);
		assertThat(answered + closed + silent).isEqualTo(CASES);
	}

	byte[] nextFrame() {
		byte[] payload = switch (this.random.nextInt(4)) {
			case 0 -> randomBytes(this.random.nextInt(200));
			case 1 -> mutate(this.valid.get(this.random.nextInt(this.valid.size())).toByteArray());
			default -> this.valid.get(this.random.nextInt(this.valid.size())).toByteArray();
		};
		byte[] frame = maskedBinaryFrame(payload);
		return (this.random.nextInt(5) == 0) ? mutate(frame) : frame;
	}

	byte[] mutate(byte[] bytes) {
		byte[] out = bytes.clone();
		int edits = 1 + this.random.nextInt(4);
		for (int e = 0; e < edits && out.length > 0; e++) {
			switch (this.random.nextInt(3)) {
				case 0 -> out[this.random.nextInt(out.length)] ^= (byte) (1 << this.random.nextInt(8));
				case 1 -> out[this.random.nextInt(out.length)] = (byte) this.random.nextInt(256);
				default -> out = java.util.Arrays.copyOf(out, Math.max(0, out.length - 1 - this.random.nextInt(4)));
			}
		}
		return out;
	}

	byte[] randomBytes(int length) {
		byte[] bytes = new byte[length];
		this.random.nextBytes(bytes);
		return bytes;
	}

	byte[] maskedBinaryFrame(byte[] payload) {
		java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
		frame.write(0x82);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length);
		}
		byte[] mask = randomBytes(4);
		frame.writeBytes(mask);
		for (int i = 0; i < payload.length; i++) {
			frame.write(payload[i] ^ mask[i & 3]);
		}
		return frame.toByteArray();
	}

	/**
	 * Whether the decoder may rightly wait for more bytes: a frame whose header announces
	 * more than was sent, or a non-final fragment (FIN bit clear) waiting for its
	 * continuation, or a control frame the protocol handler (not in this pipeline) would
	 * answer.
	 */
	static boolean isIncompleteOrFragment(byte[] wire) {
		if (wire.length < 2) {
			return true;
		}
		int opcode = wire[0] & 0x0F;
		boolean fin = (wire[0] & 0x80) != 0;
		if (!fin || opcode >= 0x8) {
			return true;
		}
		int length = wire[1] & 0x7F;
		int header = 2 + (((wire[1] & 0x80) != 0) ? 4 : 0);
		if (length == 126) {
			if (wire.length < 4) {
				return true;
			}
			length = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
			header += 2;
		}
		else if (length == 127) {
			return true;
		}
		return wire.length < header + length;
	}

	/**
	 * Heartbeats and client ACKs of a logged-in connection, and the retransmit of an
	 * accepted up message, are not answered (as upstream).
	 */
	static boolean isSilentByContract(byte[] wire) {
		int length = wire[1] & 0x7F;
		int offset = 2;
		if (length == 126) {
			length = ((wire[2] & 0xFF) << 8) | (wire[3] & 0xFF);
			offset = 4;
		}
		byte[] mask = java.util.Arrays.copyOfRange(wire, offset, offset + 4);
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (wire[offset + 4 + i] ^ mask[i & 3]);
		}
		try {
			CmdType type = Input.parseFrom(payload).getType();
			return type == CmdType.CT_Heartbeat || type == CmdType.CT_ACK || type == CmdType.CT_Message;
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			return false;
		}
	}

	static String describe(byte[] wire) {
		try {
			int length = wire[1] & 0x7F;
			byte[] mask = java.util.Arrays.copyOfRange(wire, 2, 6);
			byte[] payload = new byte[length];
			for (int i = 0; i < length; i++) {
				payload[i] = (byte) (wire[6 + i] ^ mask[i & 3]);
			}
			return "len=" + wire.length + " " + Input.parseFrom(payload);
		}
		catch (Exception ex) {
			return ex.toString();
		}
	}

	static int countOutbound(EmbeddedChannel channel) {
		return channel.outboundMessages().size();
	}

	static void releaseOutbound(EmbeddedChannel channel) {
		Object message;
		while ((message = channel.readOutbound()) != null) {
			io.netty.util.ReferenceCountUtil.release(message);
		}
	}

	static void releaseInbound(EmbeddedChannel channel) {
		Object message;
		while ((message = channel.readInbound()) != null) {
			io.netty.util.ReferenceCountUtil.release(message);
		}
	}

	static String hex(byte[] bytes) {
		ByteBuf buf = Unpooled.wrappedBuffer(bytes);
		return io.netty.buffer.ByteBufUtil.hexDump(buf, 0, Math.min(64, bytes.length));
	}

	static Input input(CmdType type, com.google.protobuf.MessageLite data) {
		return Input.newBuilder().setType(type).setData(data.toByteString()).build();
	}

	/** Runs every command at once on the calling thread, as one worker would. */
	static final class InlineWorkers extends CommandWorkers {

		InlineWorkers() {
			super(new GatewayProperties(10, 1024, Duration.ofSeconds(600), Duration.ofSeconds(60),
					DataSize.ofKilobytes(64), 4096, 1));
		}

		@Override
		boolean submit(Connection connection, Runnable command) {
			command.run();
			return true;
		}

	}

}
