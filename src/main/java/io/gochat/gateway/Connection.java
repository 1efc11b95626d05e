package io.gochat.gateway;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.bucket4j.Bucket;
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

	// commands handed to the worker and not yet run
	private final AtomicInteger commandsQueued = new AtomicInteger();

	// syncs accepted and not yet answered and written out
	private final AtomicInteger syncsInFlight = new AtomicInteger();

	// token buckets, made on first use (idle connections hold none); event loop only
	private Bucket messageBucket;

	private Bucket syncBucket;

	private final PushOrdering ordering;

	// puts pushes from several nodes back in seq order; also the lock of the push path
	private final PushOrder order;

	// guarded by order: the give-up timer is set (only while pushes are held)
	private boolean orderTimerSet;

	private final PushOrder.Release releaseHeld = this::releaseHeld;

	Connection(Channel channel, OutboundQueue.Bounds outboundBounds) {
		this(channel, outboundBounds, PushOrdering.defaults());
	}

	Connection(Channel channel, OutboundQueue.Bounds outboundBounds, PushOrdering ordering) {
		this.id = IDS.incrementAndGet();
		this.channel = channel;
		this.outbound = new OutboundQueue(channel, outboundBounds, this::touch);
		this.lastActiveMillis = System.currentTimeMillis();
		this.ordering = ordering;
		// held pushes count against the same bounds as those waiting for the socket
		this.order = new PushOrder(ordering.maxHeld(), outboundBounds.maxBytes(), outboundBounds.node());
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
	<T> void afterPreviousSync(CompletableFuture<T> answer, Consumer<T> send, Consumer<Throwable> fail) {
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
	 * Orders pushes from the user's current seq on (read at login once the connection is
	 * reachable; pushes before pass unordered).
	 */
	void startPushOrder(long currentSeq) {
		synchronized (this.order) {
			this.order.start(currentSeq);
		}
	}

	/**
	 * Queues a push of the user's copy {@code seq}, after any lower seq still on its way
	 * from another node (held at most {@code app.push-order.hold}). A push queued at once
	 * has its write measured by {@code timer} from {@code sinceNanos}.
	 * @return false if the connection is closed
	 */
	boolean push(long seq, byte[] output, long sinceNanos, Timer timer) {
		synchronized (this.order) {
			if (this.order.admit(seq)) {
				boolean queued = this.outbound.offer(output, sinceNanos, timer);
				if (queued) {
					track(seq, output);
				}
				if (this.order.waiting() > 0) {
					this.order.drain(this.releaseHeld);
				}
				return queued;
			}
			long givenUp = this.order.givenUpTotal();
			this.order.hold(seq, output, System.nanoTime(), this.releaseHeld);
			this.ordering.counted(1, this.order.givenUpTotal() - givenUp);
			armOrderTimer();
			return this.channel.isActive();
		}
	}

	/**
	 * Drops the pushes held for order (the connection closed), giving back their bytes.
	 */
	void discardHeld() {
		synchronized (this.order) {
			this.order.discard();
		}
	}

	/**
	 * Notes a seq of the user that this node will not push (the user's own copy of a
	 * message it sent here, a copy not delivered): pushes after it need not wait for it.
	 */
	void skip(long seq) {
		synchronized (this.order) {
			if (!this.order.admit(seq)) {
				long givenUp = this.order.givenUpTotal();
				this.order.skip(seq, System.nanoTime(), this.releaseHeld);
				this.ordering.counted(0, this.order.givenUpTotal() - givenUp);
				armOrderTimer();
			}
			else if (this.order.waiting() > 0) {
				this.order.drain(this.releaseHeld);
			}
		}
	}

	// guarded by order
	private void armOrderTimer() {
		if (this.order.waiting() > 0 && !this.orderTimerSet) {
			this.orderTimerSet = true;
			this.channel.eventLoop().schedule(this::orderTimeout, this.ordering.holdNanos(), TimeUnit.NANOSECONDS);
		}
	}

	private void orderTimeout() {
		synchronized (this.order) {
			this.orderTimerSet = false;
			long givenUp = this.order.givenUpTotal();
			long wait = this.order.giveUp(System.nanoTime(), this.ordering.holdNanos(), this.releaseHeld);
			this.ordering.counted(0, this.order.givenUpTotal() - givenUp);
			if (wait >= 0 && this.channel.isActive()) {
				this.orderTimerSet = true;
				this.channel.eventLoop()
					.schedule(this::orderTimeout, Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)),
							TimeUnit.NANOSECONDS);
			}
		}
	}

	// a held push, now in order (its wait is not measured: it waited for another node)
	private void releaseHeld(long seq, byte[] output) {
		if (this.outbound.offer(output)) {
			track(seq, output);
		}
	}

	/** Keeps the push for retransmits if the client acknowledges its pushes. */
	private void track(long seq, byte[] output) {
		PushAcks acks = this.pushAcks;
		if (acks != null && seq > 0) {
			acks.sent(seq, output);
		}
	}

	/**
	 * The connection's push ACK tracking, created by {@code factory} on first use.
	 */
	synchronized PushAcks enablePushAcks(Supplier<PushAcks> factory) {
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

	/**
	 * Queues a serialized {@code Output} and runs {@code onSent} once it is written out.
	 * @return false if the connection is closed ({@code onSent} is then never run)
	 */
	boolean send(byte[] output, Runnable onSent) {
		return this.outbound.offer(output, onSent);
	}

	/**
	 * Counts a command handed to the worker.
	 * @return false, counting nothing, if {@code max} are already waiting
	 */
	boolean commandQueued(int max) {
		return tryIncrement(this.commandsQueued, max);
	}

	/** Counts down a command {@link #commandQueued queued} before, once it ran. */
	void commandDone() {
		this.commandsQueued.decrementAndGet();
	}

	/**
	 * Counts a sync accepted.
	 * @return false, counting nothing, if {@code max} are in flight
	 */
	boolean syncStarted(int max) {
		return tryIncrement(this.syncsInFlight, max);
	}

	/** Counts down a sync {@link #syncStarted started} before: answered or failed. */
	void syncDone() {
		this.syncsInFlight.decrementAndGet();
	}

	int syncsInFlight() {
		return this.syncsInFlight.get();
	}

	/**
	 * Takes a token for an up message from a bucket of {@code perSecond}. Call on the
	 * event loop only.
	 * @return false if the connection sent more than that in the last second
	 */
	boolean takeMessageToken(int perSecond) {
		if (this.messageBucket == null) {
			this.messageBucket = perSecond(perSecond);
		}
		return this.messageBucket.tryConsume(1);
	}

	/**
	 * Takes a token for a sync from a bucket of {@code perSecond}. Call on the event loop
	 * only.
	 * @return false if the connection sent more than that in the last second
	 */
	boolean takeSyncToken(int perSecond) {
		if (this.syncBucket == null) {
			this.syncBucket = perSecond(perSecond);
		}
		return this.syncBucket.tryConsume(1);
	}

	private static Bucket perSecond(int tokens) {
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(tokens).refillGreedy(tokens, Duration.ofSeconds(1)))
			.build();
	}

	private static boolean tryIncrement(AtomicInteger counter, int max) {
		if (counter.incrementAndGet() > max) {
			counter.decrementAndGet();
			return false;
		}
		return true;
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
