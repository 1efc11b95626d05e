package io.gochat.loadtest;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Message;
import io.gochat.protocol.MessageType;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * One simulated client: a logged-in WebSocket connection of one user. It sends chat messages
 * with clientIds 1, 2, 3, … and, like upstream's client, sends an unacknowledged message again
 * every 500 ms, at most three times, until its up-ACK arrives. What comes down is counted in
 * {@link DeliveryStats}.
 *
 * Everything but {@link #open} runs on the channel's event loop (senders hand their work over
 * with {@code execute}), so the clientId counter and the pending map need no locks.
 */
final class ChatConnection {

	static final long RETRANSMIT_MS = 500;

	static final int MAX_RETRANSMITS = 3;

	private final int index;

	private final UserAccount user;

	private final InetSocketAddress endpoint;

	private final CompletableFuture<Void> loggedIn = new CompletableFuture<>();

	private final Map<Long, PendingUp> pending = new HashMap<>();

	private volatile DeliveryStats stats;

	private volatile ReceiverStats receiver;

	private volatile Channel channel;

	private volatile boolean closing;

	private long lastClientId;

	ChatConnection(int index, UserAccount user, InetSocketAddress endpoint) {
		this.index = index;
		this.user = user;
		this.endpoint = endpoint;
	}

	int index() {
		return this.index;
	}

	UserAccount user() {
		return this.user;
	}

	InetSocketAddress endpoint() {
		return this.endpoint;
	}

	boolean isOpen() {
		Channel ch = this.channel;
		return ch != null && ch.isActive();
	}

	/** Starts counting what arrives; before this, pushes are ignored. */
	void countInto(DeliveryStats stats) {
		this.receiver = stats.receiver(this.index);
		this.stats = stats;
	}

	/** Called by the handler once the WebSocket handshake is done: logs in. */
	CompletableFuture<Void> open(Channel channel) {
		this.channel = channel;
		write(Frames.login(this.user.token()));
		return this.loggedIn;
	}

	CompletableFuture<Void> loggedIn() {
		return this.loggedIn;
	}

	/** Sends one text message; its content tags it for the receivers. */
	void sendChat(SessionType session, long receiverId, String run, int round) {
		Channel ch = this.channel;
		if (ch == null) {
			return;
		}
		ch.eventLoop().execute(() -> {
			long clientId = ++this.lastClientId;
			long now = System.currentTimeMillis();
			Message message = Message.newBuilder()
				.setSessionType(session)
				.setReceiverId(receiverId)
				.setSenderId(this.user.id())
				.setMessageType(MessageType.MT_Text)
				.setContent(ByteString.copyFromUtf8(new MessageTag(run, this.index, round, clientId).encode()))
				.setSendTime(now)
				.build();
			PendingUp up = new PendingUp(Frames.up(message, clientId), round, now);
			this.pending.put(clientId, up);
			write(up.frame);
			scheduleRetransmit(clientId, up);
		});
	}

	void sendHeartbeat() {
		if (isOpen()) {
			write(Frames.heartbeat());
		}
	}

	/** Closes on purpose: not counted as a disconnect. */
	void close() {
		this.closing = true;
		Channel ch = this.channel;
		if (ch != null) {
			ch.close();
		}
	}

	private void scheduleRetransmit(long clientId, PendingUp up) {
		up.retransmit = this.channel.eventLoop()
			.schedule(() -> retransmit(clientId, up), RETRANSMIT_MS, TimeUnit.MILLISECONDS);
	}

	private void retransmit(long clientId, PendingUp up) {
		if (this.pending.get(clientId) != up || up.retransmits >= MAX_RETRANSMITS || !isOpen()) {
			return;
		}
		up.retransmits++;
		DeliveryStats counting = this.stats;
		if (counting != null) {
			counting.retransmitted();
		}
		write(up.frame);
		if (up.retransmits < MAX_RETRANSMITS) {
			scheduleRetransmit(clientId, up);
		}
	}

	private void write(byte[] frame) {
		this.channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame)));
	}

	/** One downstream output (called on the event loop). */
	void onOutput(Output output, long nowMs, long nowNanos) {
		if (output.getCode() != 200) {
			onError(output);
			return;
		}
		try {
			if (output.getType() == CmdType.CT_Message) {
				onPush(PushMsg.parseFrom(output.getData()).getMsg(), nowMs, nowNanos);
			}
			else if (output.getType() == CmdType.CT_ACK) {
				onAck(ACKMsg.parseFrom(output.getData()), nowMs, nowNanos);
			}
		}
		catch (InvalidProtocolBufferException ex) {
			error(-1, "unparsable " + output.getType() + " data: " + ex.getMessage());
		}
	}

	private void onPush(Message message, long nowMs, long nowNanos) {
		DeliveryStats counting = this.stats;
		if (counting != null) {
			counting.push(this.receiver, MessageTag.parse(message.getContent().toStringUtf8()), message.getSeq(),
					message.getSendTime(), nowMs, nowNanos);
		}
	}

	private void onAck(ACKMsg ack, long nowMs, long nowNanos) {
		if (ack.getType() == ACKType.AT_Login) {
			this.loggedIn.complete(null);
			return;
		}
		if (ack.getType() != ACKType.AT_Up) {
			return;
		}
		PendingUp up = this.pending.remove(ack.getClientId());
		DeliveryStats counting = this.stats;
		if (up != null) {
			up.cancelRetransmit();
			if (counting != null) {
				counting.ack(up.round, up.sendTimeMs, nowMs, nowNanos);
			}
		}
		else if (counting != null) {
			counting.duplicateAck();
		}
	}

	private void onError(Output output) {
		error(output.getCode(), output.getCodeMsg());
		if (!this.loggedIn.isDone()) {
			this.loggedIn.completeExceptionally(
					new IllegalStateException("login refused: " + output.getCode() + " " + output.getCodeMsg()));
		}
		// a refused up message says which clientId it refuses: stop retransmitting that one
		if (!output.getData().isEmpty()) {
			try {
				ACKMsg ack = ACKMsg.parseFrom(output.getData());
				if (ack.getType() == ACKType.AT_Up) {
					PendingUp up = this.pending.remove(ack.getClientId());
					if (up != null) {
						up.cancelRetransmit();
					}
				}
			}
			catch (InvalidProtocolBufferException ex) {
				// an error without an ACKMsg: nothing to stop
			}
		}
	}

	private void error(int code, String message) {
		DeliveryStats counting = this.stats;
		if (counting != null) {
			counting.error(code, "user " + this.user.id() + ": " + message);
		}
	}

	/** The channel closed, on purpose or not. */
	void onClosed() {
		if (!this.loggedIn.isDone()) {
			this.loggedIn.completeExceptionally(new IllegalStateException("connection closed before the login ACK"));
		}
		DeliveryStats counting = this.stats;
		if (!this.closing && counting != null) {
			counting.disconnected();
		}
		for (PendingUp up : this.pending.values()) {
			up.cancelRetransmit();
		}
	}

	/** The connection could not be opened or failed. */
	void onFailure(Throwable cause) {
		this.loggedIn.completeExceptionally(cause);
	}

	boolean isClosing() {
		return this.closing;
	}

	/** An up message waiting for its ACK. */
	private static final class PendingUp {

		final byte[] frame;

		final int round;

		final long sendTimeMs;

		int retransmits;

		ScheduledFuture<?> retransmit;

		PendingUp(byte[] frame, int round, long sendTimeMs) {
			this.frame = frame;
			this.round = round;
			this.sendTimeMs = sendTimeMs;
		}

		void cancelRetransmit() {
			if (this.retransmit != null) {
				this.retransmit.cancel(false);
			}
		}

	}

}
