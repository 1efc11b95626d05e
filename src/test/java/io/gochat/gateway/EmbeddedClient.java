package io.gochat.gateway;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.OutputBatch;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.UpMsg;
import io.netty.buffer.ByteBuf;
import org.awaitility.core.ConditionFactory;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoop;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebSocket client on an {@link EmbeddedChannel} that runs the gateway's whole
 * pipeline: it speaks bytes (handshake, masked frames) into the pipeline and decodes the
 * bytes the pipeline writes, with no socket.
 * <p>
 * The node answers on other threads too (the connection's worker, the delivery pipeline).
 * An {@code EmbeddedChannel}'s event loop is not thread-safe, so tasks scheduled from any
 * other thread wait in a queue of their own until the test thread runs them
 * ({@link #drain()}).
 */
final class EmbeddedClient implements AutoCloseable {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final CrossThreadChannel server;

	private final EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));

	private final EmbeddedChannel decoder = new EmbeddedChannel(
			new WebSocket13FrameDecoder(false, true, 16 * 1024 * 1024));

	private final List<Output> outputs = new ArrayList<>();

	private boolean closeFrameReceived;

	private long clientId;

	EmbeddedClient(ChannelHandler initializer) {
		this.server = new CrossThreadChannel();
		this.server.pipeline().addLast(initializer);
		try {
			this.server.register();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot register the embedded channel", ex);
		}
		this.server.writeInbound(Unpooled.copiedBuffer("""
				GET /ws HTTP/1.1\r
				Host: localhost\r
				Upgrade: websocket\r
				Connection: Upgrade\r
				Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r
				Sec-WebSocket-Version: 13\r
				\r
				""", StandardCharsets.US_ASCII));
		this.server.runPendingTasks();
		ByteBuf response = this.server.readOutbound();
		assertThat(response.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
		response.release();
	}

	/** Logs in with the token and waits for the login ACK. */
	EmbeddedClient login(String token) {
		send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(token)).build());
		awaitOutput((output) -> output.getType() == CmdType.CT_ACK);
		return this;
	}

	void send(CmdType type, MessageLite data) {
		sendRaw(Input.newBuilder().setType(type).setData(data.toByteString()).build().toByteArray());
	}

	void sendRaw(byte[] bytes) {
		sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
	}

	void sendText(String text) {
		sendFrame(new TextWebSocketFrame(text));
	}

	long nextClientId() {
		return ++this.clientId;
	}

	/** Sends a message with the next clientId and returns that clientId. */
	long sendTo(SessionType type, long receiverId, long senderId, String content) {
		long id = nextClientId();
		sendUp(id, message(type, receiverId, senderId, content));
		return id;
	}

	void sendUp(long id, Message message) {
		send(CmdType.CT_Message, UpMsg.newBuilder().setClientId(id).setMsg(message).build());
	}

	static Message message(SessionType type, long receiverId, long senderId, String content) {
		return Message.newBuilder()
			.setSessionType(type)
			.setReceiverId(receiverId)
			.setSenderId(senderId)
			.setMessageTypeValue(1)
			.setContent(ByteString.copyFromUtf8(content))
			.setSendTime(System.currentTimeMillis())
			.build();
	}

	private void sendFrame(WebSocketFrame frame) {
		this.encoder.writeOutbound(frame);
		ByteBuf bytes;
		while ((bytes = this.encoder.readOutbound()) != null) {
			if (this.server.isActive()) {
				this.server.writeInbound(bytes);
			}
			else {
				bytes.release();
			}
		}
		drain();
	}

	/**
	 * Runs what other threads scheduled on the channel, then reads what it wrote.
	 */
	void drain() {
		this.server.runCrossThreadTasks();
		Object written;
		while ((written = this.server.readOutbound()) != null) {
			this.decoder.writeInbound(written);
		}
		WebSocketFrame frame;
		while ((frame = this.decoder.readInbound()) != null) {
			try {
				if (frame instanceof BinaryWebSocketFrame) {
					for (ByteString bytes : OutputBatch.parseFrom(frame.content().nioBuffer()).getOutputsList()) {
						this.outputs.add(Output.parseFrom(bytes));
					}
				}
				else if (frame instanceof CloseWebSocketFrame) {
					this.closeFrameReceived = true;
				}
			}
			catch (InvalidProtocolBufferException ex) {
				throw new AssertionError("the node wrote a frame that is not an OutputBatch", ex);
			}
			finally {
				frame.release();
			}
		}
	}

	/**
	 * Awaitility polling on this thread, which owns the channel.
	 */
	static ConditionFactory waiting() {
		return await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(10)).pollInSameThread();
	}

	Output awaitOutput(Predicate<Output> wanted) {
		waiting().until(() -> {
			drain();
			return this.outputs.stream().anyMatch(wanted);
		});
		return this.outputs.stream().filter(wanted).findFirst().orElseThrow();
	}

	Output awaitError(int code) {
		return awaitOutput((output) -> output.getType() == CmdType.CT_UnKnow && output.getCode() == code);
	}

	void awaitAck(long id) {
		awaitOutput((output) -> output.getType() == CmdType.CT_ACK && ackClientId(output) == id);
	}

	List<Output> errors() {
		drain();
		return this.outputs.stream().filter((output) -> output.getType() == CmdType.CT_UnKnow).toList();
	}

	List<Message> pushes() {
		drain();
		return this.outputs.stream()
			.filter((output) -> output.getType() == CmdType.CT_Message)
			.map((output) -> parse(() -> PushMsg.parseFrom(output.getData()).getMsg()))
			.toList();
	}

	List<Output> syncs() {
		drain();
		return this.outputs.stream().filter((output) -> output.getType() == CmdType.CT_Sync).toList();
	}

	boolean closeFrameReceived() {
		drain();
		return this.closeFrameReceived;
	}

	/**
	 * Lets the channel's clock run on, for tasks it scheduled (such as a delayed close).
	 */
	void advance(Duration time) {
		this.server.advanceTimeBy(time.toNanos(), TimeUnit.NANOSECONDS);
		this.server.runScheduledPendingTasks();
		drain();
	}

	boolean isOpen() {
		drain();
		return this.server.isOpen();
	}

	static long ackClientId(Output output) {
		return parse(() -> io.gochat.protocol.ACKMsg.parseFrom(output.getData()).getClientId());
	}

	private static <T> T parse(Parse<T> parse) {
		try {
			return parse.run();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError(ex);
		}
	}

	@Override
	public void close() {
		this.server.runCrossThreadTasks();
		this.server.finishAndReleaseAll();
		this.encoder.finishAndReleaseAll();
		this.decoder.finishAndReleaseAll();
	}

	@FunctionalInterface
	private interface Parse<T> {

		T run() throws InvalidProtocolBufferException;

	}

	/**
	 * An {@code EmbeddedChannel} whose event loop takes tasks from other threads into a
	 * thread-safe queue; the test thread runs them.
	 */
	private static final class CrossThreadChannel extends EmbeddedChannel {

		private final Thread owner = Thread.currentThread();

		private final Queue<Runnable> crossThread = new ConcurrentLinkedQueue<>();

		private volatile EventLoop guarded;

		CrossThreadChannel() {
			super(false, false);
		}

		@Override
		public EventLoop eventLoop() {
			EventLoop real = super.eventLoop();
			if (real == null || this.crossThread == null) {
				return real;
			}
			if (this.guarded == null) {
				this.guarded = (EventLoop) Proxy.newProxyInstance(EventLoop.class.getClassLoader(),
						new Class<?>[] { EventLoop.class }, (proxy, method, args) -> {
							boolean other = Thread.currentThread() != this.owner;
							if (method.getName().equals("inEventLoop") && (args == null || args.length == 0)) {
								return !other;
							}
							if (other && method.getName().equals("execute") && args != null && args.length == 1) {
								this.crossThread.add((Runnable) args[0]);
								return null;
							}
							try {
								return method.invoke(real, args);
							}
							catch (InvocationTargetException ex) {
								throw ex.getCause();
							}
						});
			}
			return this.guarded;
		}

		void runCrossThreadTasks() {
			Runnable task;
			while ((task = this.crossThread.poll()) != null) {
				task.run();
			}
			runPendingTasks();
		}

	}

}
