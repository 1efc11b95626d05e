package io.gochat.gateway;

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

	private static final long BAD_FRAME_CLOSE_DELAY_MILLIS = 1000;

	private final long id;

	private final Channel channel;

	private final OutboundQueue outbound;

	// 0 until login; written on the connection's worker, read anywhere
	private volatile long userId;

	// only touched on the connection's worker, which runs its commands one at a time
	private long maxClientId;

	private volatile long lastActiveMillis;

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
