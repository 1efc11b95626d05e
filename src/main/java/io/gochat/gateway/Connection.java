package io.gochat.gateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Timer;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * One WebSocket connection: its channel, the user it logged in as, its clientId window
 * and its single writer.
 */
final class Connection {

	private static final AtomicLong IDS = new AtomicLong();

	private static final long BAD_FRAME_CLOSE_DELAY_MILLIS = 1000;

	private final long id;

	private final Channel channel;

	private final OutboundQueue outbound;

	// 0 until login; written on the connection's worker, read anywhere
	private volatile long userId;

	// only touched on the connection's worker, which runs its commands one at a time
	private long maxClientId;

	private volatile long lastActiveMillis;

	// set once the client acknowledges a push (opt-in)
	private volatile PushAcks pushAcks;

	// answers of syncs go out in the order the syncs came (only the worker touches this)
	private CompletableFuture<?> lastSync = CompletableFuture.completedFuture(null);

	Connection(Channel channel, int outboundLimit) {
		this.id = IDS.incrementAndGet();
		this.channel = channel;
		this.outbound = new OutboundQueue(channel, outboundLimit, this::touch);
		this.lastActiveMillis = System.currentTimeMillis();
	}

	long id() {
		return this.id;
	}

	Channel channel() {
		return this.channel;
	}

	long userId() {
		return this.userId;
	}

	boolean isLoggedIn() {
		return this.userId != 0;
	}

	void loggedIn(long userId) {
		this.userId = userId;
	}

	/**
	 * Applies upstream's reliability rule to an up message's clientId.
	 * @return {@link ClientIdCheck#NEXT} if it is the last accepted one + 1 (now
	 * accepted), {@link ClientIdCheck#REPEATED} for a retransmit of an accepted one, else
	 * {@link ClientIdCheck#GAP}
	 */
	ClientIdCheck acceptClientId(long clientId) {
		if (clientId == this.maxClientId + 1) {
			this.maxClientId = clientId;
			return ClientIdCheck.NEXT;
		}
		return (Long.compareUnsigned(clientId, this.maxClientId) <= 0) ? ClientIdCheck.REPEATED : ClientIdCheck.GAP;
	}

	/**
	 * Chains the answer of a sync after the answers of the syncs before it.
	 */
	<T> void afterPreviousSync(CompletableFuture<T> answer, java.util.function.Consumer<T> send,
			java.util.function.Consumer<Throwable> fail) {
		CompletableFuture<?> previous = this.lastSync.handle((ignored, error) -> null);
		this.lastSync = answer.handle((value, error) -> (Runnable) () -> {
			if (error == null) {
				send.accept(value);
			}
			else {
				fail.accept(error);
			}
		}).thenCombine(previous, (deliver, ignored) -> {
			deliver.run();
			return null;
		});
	}

	long expectedClientId() {
		return this.maxClientId + 1;
	}

	/**
	 * Queues a serialized {@code Output} for this client.
	 * @return false if the connection is closed
	 */
	boolean send(byte[] output) {
		return this.outbound.offer(output);
	}

	/**
	 * The connection's push ACK tracking, created by {@code factory} on first use.
	 */
	synchronized PushAcks enablePushAcks(java.util.function.Supplier<PushAcks> factory) {
		if (this.pushAcks == null) {
			this.pushAcks = factory.get();
		}
		return this.pushAcks;
	}

	/** Null unless the client acknowledges its pushes. */
	PushAcks pushAcks() {
		return this.pushAcks;
	}

	/**
	 * Queues a serialized {@code Output} whose write is measured by {@code timer} from
	 * {@code sinceNanos}.
	 * @return false if the connection is closed
	 */
	boolean send(byte[] output, long sinceNanos, Timer timer) {
		return this.outbound.offer(output, sinceNanos, timer);
	}

	OutboundQueue outbound() {
		return this.outbound;
	}

	void touch() {
		this.lastActiveMillis = System.currentTimeMillis();
	}

	long lastActiveMillis() {
		return this.lastActiveMillis;
	}

	void close() {
		this.channel.close();
	}

	/**
	 * Answers a frame the decoder could not take with an error output and a close frame,
	 * then closes. The close waits a moment: closing a socket that still has unread input
	 * from the client resets it, and the client would lose the answer.
	 */
	void closeAfterBadFrame(byte[] errorOutput, String reason) {
		send(errorOutput);
		this.channel.eventLoop()
			.execute(() -> this.channel
				.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG.code(), reason)));
		this.channel.eventLoop().schedule(this::close, BAD_FRAME_CLOSE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
	}

	enum ClientIdCheck {

		NEXT, REPEATED, GAP

	}

	@Override
	public String toString() {
		return "Connection[id=" + this.id + ", user=" + this.userId + ", remote=" + this.channel.remoteAddress() + "]";
	}

}
