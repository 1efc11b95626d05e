package io.gochat.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.Output;
import io.gochat.protocol.OutputBatch;

/**
 * One WebSocket connection speaking the GoChat frame format, and nothing more: each frame
 * sent is one serialized {@code Input}, each frame received is an {@code OutputBatch}
 * whose elements are handed to the {@link Listener} as parsed {@code Output}s. No login,
 * ACK or retry logic: that is {@link GoChatClient}. Sends may be called from any thread;
 * they go out in call order.
 */
public final class GoChatSocket implements AutoCloseable {

	private final WebSocket socket;

	private final CompletableFuture<Integer> closed;

	private final Object sendLock = new Object();

	private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

	private GoChatSocket(WebSocket socket, CompletableFuture<Integer> closed) {
		this.socket = socket;
		this.closed = closed;
	}

	/**
	 * Opens a connection.
	 * @param uri e.g. {@code ws://127.0.0.1:9091/ws}
	 * @param listener called on the JDK's WebSocket thread, one call at a time
	 * @param connectTimeout how long the TCP connect and the handshake may take
	 * @return the open socket, or a future failed with the connect error
	 */
	public static CompletableFuture<GoChatSocket> open(URI uri, Listener listener, Duration connectTimeout) {
		CompletableFuture<Integer> closed = new CompletableFuture<>();
		Receiver receiver = new Receiver(listener, closed);
		return HttpClient.newBuilder()
			.connectTimeout(connectTimeout)
			.build()
			.newWebSocketBuilder()
			.connectTimeout(connectTimeout)
			.buildAsync(uri, receiver)
			.thenApply((socket) -> new GoChatSocket(socket, closed));
	}

	/** Sends {@code Input{type, data}}. */
	public CompletableFuture<Void> send(CmdType type, MessageLite data) {
		return send(Input.newBuilder().setType(type).setData(data.toByteString()).build());
	}

	/** Sends one {@code Input}. */
	public CompletableFuture<Void> send(Input input) {
		return sendBinary(input.toByteArray());
	}

	/** Sends one binary frame holding exactly these bytes (for tests of bad input). */
	public CompletableFuture<Void> sendBinary(byte[] frame) {
		return enqueue(() -> this.socket.sendBinary(ByteBuffer.wrap(frame), true));
	}

	/** Sends a text frame, which the server refuses (for tests of bad input). */
	public CompletableFuture<Void> sendText(String text) {
		return enqueue(() -> this.socket.sendText(text, true));
	}

	/**
	 * Sends a WebSocket ping; the server answers with a pong ({@link Listener#onPong}).
	 */
	public CompletableFuture<Void> ping() {
		return enqueue(() -> this.socket.sendPing(ByteBuffer.allocate(0)));
	}

	// the JDK WebSocket allows one outstanding send at a time: chain them
	private CompletableFuture<Void> enqueue(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
		synchronized (this.sendLock) {
			CompletableFuture<Void> next = this.lastSend.handle((ignored, error) -> null)
				.thenCompose((ignored) -> send.get())
				.thenApply((ignored) -> null);
			this.lastSend = next;
			return next;
		}
	}

	/**
	 * Completes with the close status when the connection ends (-1 on a network error).
	 */
	public CompletableFuture<Integer> closed() {
		return this.closed;
	}

	public boolean isClosed() {
		return this.closed.isDone();
	}

	/** Sends a close frame and drops the connection without waiting for the server. */
	@Override
	public void close() {
		if (!this.closed.isDone()) {
			this.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally((ex) -> null);
			this.socket.abort();
			this.closed.complete(WebSocket.NORMAL_CLOSURE);
		}
	}

	/** Drops the connection at once, as a network failure would. */
	public void abort() {
		this.socket.abort();
		this.closed.complete(-1);
	}

	/** Receives what the server sends. */
	public interface Listener {

		/**
		 * One downstream frame.
		 * @param outputs the frame's {@code Output}s, in order
		 */
		void onOutputs(List<Output> outputs);

		/** A frame that is not a valid {@code OutputBatch}; by default ignored. */
		default void onMalformed(byte[] frame, InvalidProtocolBufferException error) {
		}

		/** The answer to {@link #ping()}. */
		default void onPong() {
		}

		/**
		 * The connection ended.
		 * @param status the WebSocket close status, -1 after a network error
		 */
		default void onClosed(int status, String reason) {
		}

	}

	private static final class Receiver implements WebSocket.Listener {

		private final Listener listener;

		private final CompletableFuture<Integer> closed;

		private ByteBuffer partial = ByteBuffer.allocate(0);

		Receiver(Listener listener, CompletableFuture<Integer> closed) {
			this.listener = listener;
			this.closed = closed;
		}

		@Override
		public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
			ByteBuffer joined = ByteBuffer.allocate(this.partial.remaining() + data.remaining());
			joined.put(this.partial).put(data).flip();
			this.partial = joined;
			if (last) {
				byte[] frame = new byte[this.partial.remaining()];
				this.partial.get(frame);
				this.partial = ByteBuffer.allocate(0);
				deliver(frame);
			}
			webSocket.request(1);
			return null;
		}

		private void deliver(byte[] frame) {
			List<Output> outputs;
			try {
				OutputBatch batch = OutputBatch.parseFrom(frame);
				outputs = new ArrayList<>(batch.getOutputsCount());
				for (ByteString output : batch.getOutputsList()) {
					outputs.add(Output.parseFrom(output));
				}
			}
			catch (InvalidProtocolBufferException ex) {
				this.listener.onMalformed(frame, ex);
				return;
			}
			this.listener.onOutputs(outputs);
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.listener.onMalformed(data.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
					new InvalidProtocolBufferException("text frame"));
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
			this.listener.onPong();
			webSocket.request(1);
			return null;
		}

		@Override
		public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
			if (this.closed.complete(statusCode)) {
				this.listener.onClosed(statusCode, reason);
			}
			return null;
		}

		@Override
		public void onError(WebSocket webSocket, Throwable error) {
			if (this.closed.complete(-1)) {
				this.listener.onClosed(-1, String.valueOf(error));
			}
		}

	}

}
