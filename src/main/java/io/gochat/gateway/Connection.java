package io.gochat.gateway;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;

/**
 * One WebSocket connection: its channel, the user it logged in as, its clientId window
 * and its single writer.
 */
final class Connection {

	private static final AtomicLong IDS = new AtomicLong();

	/**
	 * How long a push waits for a missing lower seq (one still travelling from another
	 * node) before it is released anyway: a missing seq may never come.
	 */
	static final long PUSH_ORDER_WAIT_MILLIS = 300;

	private static final long BAD_FRAME_CLOSE_DELAY_MILLIS = 1000;

	private final long id;

	private final Channel channel;

	private final OutboundQueue outbound;

	// 0 until login; written on the connection's worker, read anywhere
	private volatile long userId;

	// only touched on the connection's worker, which runs its commands one at a time
	private long maxClientId;

	private volatile long lastActiveMillis;

	// guarded by this
	private final PushOrder order = new PushOrder();

	// guarded by this; set only while pushes wait for a missing seq
	private ScheduledFuture<?> orderTimeout;

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
		return Long.compareUnsigned(clientId, this.maxClientId) <= 0 ? ClientIdCheck.REPEATED : ClientIdCheck.GAP;
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
	 * Starts seq ordering from the user's current seq (read at login).
	 */
	synchronized void startPushOrder(long currentSeq) {
		this.order.start(currentSeq);
	}

	/**
	 * Queues a push, after any push with a lower seq that is still on its way.
	 * @return false if the connection is closed
	 */
	synchronized boolean push(long seq, byte[] output) {
		if (!this.channel.isActive()) {
			return false;
		}
		release(this.order.push(seq, output));
		return true;
	}

	/**
	 * Notes the seq of the user's own copy of a message it sent, which is never pushed.
	 */
	synchronized void sent(long seq) {
		release(this.order.skip(seq));
	}

	private void release(List<byte[]> outputs) {
		for (byte[] output : outputs) {
			this.outbound.offer(output);
		}
		if (this.order.hasWaiting() && this.orderTimeout == null) {
			this.orderTimeout = this.channel.eventLoop()
				.schedule(this::giveUpWaiting, PUSH_ORDER_WAIT_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	private synchronized void giveUpWaiting() {
		this.orderTimeout = null;
		release(this.order.releaseAll());
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
