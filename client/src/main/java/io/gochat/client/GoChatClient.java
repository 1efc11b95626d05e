package io.gochat.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.HeartbeatMsg;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.MessageType;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.protocol.UpMsg;

/**
 * A logged-in chat session that survives network trouble: it connects and logs in, sends
 * messages with the connection's next {@code clientId} and completes each send with its
 * ACK (retransmitting when no answer comes), hands pushes to a {@link Listener}, syncs
 * missed messages when a seq jumps or after reconnecting, sends heartbeats, and
 * reconnects with exponential back-off when the connection drops.
 *
 * <pre>{@code
 * GoChatRest rest = new GoChatRest(URI.create("http://127.0.0.1:9090"));
 * GoChatRest.Account me = rest.login("13800000001", "secret");
 * try (GoChatClient client = GoChatClient.builder(rest.webSocketUri(), me.token())
 *     .listener(new GoChatClient.Listener() {
 *         public void onMessage(Message message, boolean live) {
 *             System.out.println(message.getSenderId() + ": " + message.getContent().toStringUtf8());
 *         }
 *     })
 *     .build()) {
 *     client.connect().join();
 *     GoChatClient.Sent sent = client.sendToUser(2, "hello").join();   // completes with the ACK
 * }
 * }</pre>
 *
 * A runnable version is {@link io.gochat.client.examples.QuickStart}.
 * <p>
 * Delivery: every message the server stores for this user reaches
 * {@link Listener#onMessage} once, in seq order within each sync, pushes as they come.
 * {@link #lastSeq()} is the highest seq up to which nothing is missing; give it to
 * {@link Builder#lastSeq} next time to sync only what is new. A send whose ACK was lost
 * with the connection is matched against the synced history after reconnecting and not
 * sent twice when found there.
 * <p>
 * Threads: one daemon thread per client runs all state changes and calls the listener;
 * listener methods must not block. Every public method may be called from any thread.
 */
public final class GoChatClient implements AutoCloseable {

	private final URI uri;

	private final String token;

	private final long userId;

	private final Listener listener;

	private final Settings settings;

	private final ScheduledExecutorService loop;

	private final ScheduledFuture<?> ticker;

	private volatile Thread loopThread;

	// everything below is touched only on the loop thread

	private State state = State.NEW;

	private GoChatSocket socket;

	private int generation;

	private boolean loggedIn;

	// true once the sync after login has run and held-back sends went out
	private boolean ready;

	private CompletableFuture<Void> connectFuture;

	private CompletableFuture<Void> loginFuture;

	private long nextClientId;

	private final Map<Long, Pending> pending = new LinkedHashMap<>();

	private long nextLocalId;

	private final Map<Long, Pending> byClientId = new HashMap<>();

	private final ArrayDeque<CompletableFuture<SyncOutputMsg>> syncWaiters = new ArrayDeque<>();

	private long lastSeq;

	private final TreeSet<Long> seenAbove = new TreeSet<>();

	private boolean syncing;

	private ScheduledFuture<?> gapCheck;

	private int reconnectAttempt;

	private long lastReceivedNanos;

	private long lastHeartbeatNanos;

	private int pushesToDiscard;

	private long pushesReceived;

	private GoChatClient(Builder builder) {
		this.uri = builder.uri;
		this.token = builder.token;
		this.userId = userIdOf(builder.token);
		this.listener = builder.listener;
		this.settings = new Settings(builder);
		this.lastSeq = builder.lastSeq;
		this.loop = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "gochat-client-" + this.userId);
			thread.setDaemon(true);
			this.loopThread = thread;
			return thread;
		});
		this.ticker = this.loop.scheduleWithFixedDelay(this::tick, 250, 250, TimeUnit.MILLISECONDS);
	}

	/**
	 * @param webSocketUri e.g. {@code ws://127.0.0.1:9091/ws}, or
	 * {@link GoChatRest#webSocketUri()}
	 * @param token the token of {@link GoChatRest#login} or {@link GoChatRest#register}
	 */
	public static Builder builder(URI webSocketUri, String token) {
		return new Builder(webSocketUri, token);
	}

	/** The logged-in user, read from the token. */
	public long userId() {
		return this.userId;
	}

	/**
	 * Connects, logs in and syncs what arrived since {@link Builder#lastSeq}. Later drops
	 * are repaired by reconnecting; this first attempt is not retried.
	 * @return completes when online; fails with {@link ServerErrorException} when the
	 * login is refused (1003 bad token, 1009 already online), or with the connect error
	 */
	public CompletableFuture<Void> connect() {
		CompletableFuture<Void> result = new CompletableFuture<>();
		this.loop.execute(() -> {
			if (this.state != State.NEW) {
				result
					.completeExceptionally(new IllegalStateException("connect() already called; state " + this.state));
				return;
			}
			this.connectFuture = result;
			setState(State.CONNECTING);
			attempt();
		});
		return result;
	}

	/** Sends a text to a user. */
	public CompletableFuture<Sent> sendToUser(long receiverId, String text) {
		return sendText(SessionType.ST_Single, receiverId, text);
	}

	/** Sends a text to a group the user is a member of. */
	public CompletableFuture<Sent> sendToGroup(long groupId, String text) {
		return sendText(SessionType.ST_Group, groupId, text);
	}

	public CompletableFuture<Sent> sendText(SessionType session, long receiverId, String text) {
		return send(session, receiverId, MessageType.MT_Text, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Sends a message. It waits while the client is reconnecting, goes out with the next
	 * clientId, and is retransmitted when no answer comes within
	 * {@link Builder#ackTimeout}; the server processes a clientId once.
	 * @return completes with the ACK (the seq of the sender's copy); fails with
	 * {@link ServerErrorException} when the server refuses the message (e.g. 1005 unknown
	 * receiver, 1003 not a member), or with {@link TimeoutException} after
	 * {@link Builder#sendTimeout}
	 */
	public CompletableFuture<Sent> send(SessionType session, long receiverId, MessageType type, byte[] content) {
		Message message = Message.newBuilder()
			.setSessionType(session)
			.setReceiverId(receiverId)
			.setSenderId(this.userId)
			.setMessageType(type)
			.setContent(ByteString.copyFrom(content))
			.setSendTime(System.currentTimeMillis())
			.build();
		CompletableFuture<Sent> result = new CompletableFuture<>();
		this.loop.execute(() -> {
			if (this.state == State.CLOSED) {
				result.completeExceptionally(new IllegalStateException("client closed"));
				return;
			}
			Pending p = new Pending(message, result, System.nanoTime());
			this.pending.put(++this.nextLocalId, p);
			if (this.ready) {
				transmit(p);
			}
		});
		return result;
	}

	/**
	 * Syncs now: fetches every stored message after {@link #lastSeq()}, page by page, and
	 * hands the ones not seen yet to the listener.
	 * @return the new {@link #lastSeq()}
	 */
	public CompletableFuture<Long> sync() {
		CompletableFuture<Long> result = new CompletableFuture<>();
		this.loop.execute(() -> syncAll().whenComplete((seq, error) -> complete(result, seq, error)));
		return result;
	}

	/**
	 * The stored messages after {@code afterSeq}, all pages, without touching
	 * {@link #lastSeq()} or calling the listener: for showing history.
	 */
	public CompletableFuture<List<Message>> history(long afterSeq) {
		CompletableFuture<List<Message>> result = new CompletableFuture<>();
		this.loop.execute(() -> historyFrom(afterSeq, new ArrayList<>(), result));
		return result;
	}

	private void historyFrom(long afterSeq, List<Message> collected, CompletableFuture<List<Message>> result) {
		requestSync(afterSeq).whenCompleteAsync((page, error) -> {
			if (error != null) {
				result.completeExceptionally(error);
				return;
			}
			collected.addAll(page.getMessagesList());
			long max = page.getMessagesList().stream().mapToLong(Message::getSeq).max().orElse(afterSeq);
			if (page.getHasMore() && max > afterSeq) {
				historyFrom(max, collected, result);
			}
			else {
				result.complete(collected);
			}
		}, this.loop);
	}

	/** The highest seq up to which every message has been handed to the listener. */
	public long lastSeq() {
		return call(() -> this.lastSeq);
	}

	public State state() {
		return call(() -> this.state);
	}

	/** Closes the connection for good; sends still waiting fail. */
	@Override
	public void close() {
		if (this.loop.isShutdown()) {
			return;
		}
		CompletableFuture<Void> done = new CompletableFuture<>();
		this.loop.execute(() -> {
			setState(State.CLOSED);
			if (this.socket != null) {
				this.socket.close();
			}
			failAll(new IllegalStateException("client closed"));
			done.complete(null);
		});
		if (Thread.currentThread() != this.loopThread) {
			done.orTimeout(5, TimeUnit.SECONDS).exceptionally((ex) -> null).join();
		}
		this.ticker.cancel(false);
		this.loop.shutdown();
	}

	/** For tests: drops the connection as a network failure would. */
	void dropConnection() {
		this.loop.execute(() -> {
			if (this.socket != null) {
				this.socket.abort();
			}
		});
	}

	/** For tests: pushes received, repeats included. */
	long pushesReceived() {
		return call(() -> this.pushesReceived);
	}

	/** For tests: loses the next {@code count} pushes, as a lost frame would. */
	void discardNextPushes(int count) {
		this.loop.execute(() -> this.pushesToDiscard += count);
	}

	// ---- connection lifecycle (loop thread) ----

	private void attempt() {
		if (this.state == State.CLOSED) {
			return;
		}
		int gen = ++this.generation;
		GoChatSocket.open(this.uri, new SocketListener(gen), this.settings.connectTimeout)
			.whenCompleteAsync((socket, error) -> opened(gen, socket, error), this.loop);
	}

	private void opened(int gen, GoChatSocket socket, Throwable error) {
		if (gen != this.generation || this.state == State.CLOSED) {
			if (socket != null) {
				socket.close();
			}
			return;
		}
		if (error != null) {
			connectionLost(gen, error);
			return;
		}
		this.socket = socket;
		this.loggedIn = false;
		this.nextClientId = 0;
		this.lastReceivedNanos = System.nanoTime();
		this.lastHeartbeatNanos = System.nanoTime();
		socket.closed().whenCompleteAsync((status, e) -> connectionLost(gen, null), this.loop);
		this.loginFuture = new CompletableFuture<>();
		this.loginFuture
			.orTimeout(this.settings.connectTimeout.toMillis() + this.settings.ackTimeout.toMillis(),
					TimeUnit.MILLISECONDS)
			.whenCompleteAsync((ok, loginError) -> loggedIn(gen, loginError), this.loop);
		socket.send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(this.token)).build());
	}

	private void loggedIn(int gen, Throwable error) {
		if (gen != this.generation || this.state == State.CLOSED) {
			return;
		}
		if (error != null) {
			Throwable cause = unwrap(error);
			boolean fatal = cause instanceof ServerErrorException refused && refused.code() == 1003;
			if (this.connectFuture != null || fatal) {
				// a first connect, or a token the server will never accept: give up
				giveUp(cause);
			}
			else {
				// e.g. 1009: the old connection's route is not gone yet
				this.socket.abort();
			}
			return;
		}
		this.loggedIn = true;
		this.reconnectAttempt = 0;
		syncAll().whenCompleteAsync((seq, syncError) -> {
			if (gen != this.generation || this.state == State.CLOSED) {
				return;
			}
			if (syncError != null) {
				this.socket.abort();
				return;
			}
			resendPending();
			this.ready = true;
			setState(State.ONLINE);
			if (this.connectFuture != null) {
				this.connectFuture.complete(null);
				this.connectFuture = null;
			}
		}, this.loop);
	}

	private void connectionLost(int gen, Throwable error) {
		if (gen != this.generation || this.state == State.CLOSED) {
			return;
		}
		this.generation++;
		this.loggedIn = false;
		this.ready = false;
		this.byClientId.clear();
		this.pending.values().forEach((p) -> p.clientId = 0);
		this.syncing = false;
		while (!this.syncWaiters.isEmpty()) {
			this.syncWaiters.poll().completeExceptionally(new IllegalStateException("connection lost"));
		}
		if (this.socket != null) {
			this.socket.abort();
			this.socket = null;
		}
		if (this.connectFuture != null) {
			giveUp((error != null) ? unwrap(error) : new IllegalStateException("connection closed by the server"));
			return;
		}
		setState(State.RECONNECTING);
		long delay = backoff(this.reconnectAttempt++);
		this.loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
	}

	private long backoff(int attempt) {
		long min = this.settings.reconnectMin.toMillis();
		long max = this.settings.reconnectMax.toMillis();
		long delay = Math.min(max, min << Math.min(attempt, 20));
		// +-20 % so that clients cut off together do not come back together
		return (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
	}

	private void giveUp(Throwable cause) {
		setState(State.CLOSED);
		if (this.socket != null) {
			this.socket.close();
		}
		if (this.connectFuture != null) {
			this.connectFuture.completeExceptionally(cause);
			this.connectFuture = null;
		}
		failAll(cause);
		if (cause instanceof ServerErrorException refused) {
			this.listener.onError(refused);
		}
	}

	private void failAll(Throwable cause) {
		this.pending.values().forEach((p) -> p.future.completeExceptionally(cause));
		this.pending.clear();
		this.byClientId.clear();
		while (!this.syncWaiters.isEmpty()) {
			this.syncWaiters.poll().completeExceptionally(cause);
		}
	}

	private void setState(State next) {
		if (this.state != next) {
			this.state = next;
			try {
				this.listener.onStateChanged(next);
			}
			catch (RuntimeException ex) {
				// a listener's failure must not break the client
			}
		}
	}

	// ---- timers (loop thread) ----

	private void tick() {
		if (this.state == State.CLOSED) {
			return;
		}
		long now = System.nanoTime();
		expireSends(now);
		if (!this.loggedIn || this.socket == null) {
			return;
		}
		long interval = this.settings.heartbeatInterval.toNanos();
		if (now - this.lastHeartbeatNanos >= interval) {
			this.lastHeartbeatNanos = now;
			this.socket.send(CmdType.CT_Heartbeat, HeartbeatMsg.getDefaultInstance());
			this.socket.ping();
		}
		if (now - this.lastReceivedNanos > 2 * interval + this.settings.ackTimeout.toNanos()) {
			// not even a pong since the last heartbeat: the network is gone
			this.socket.abort();
			return;
		}
		retransmitIfDue(now);
	}

	private void expireSends(long now) {
		long limit = this.settings.sendTimeout.toNanos();
		var it = this.pending.values().iterator();
		while (it.hasNext()) {
			Pending p = it.next();
			if (now - p.createdNanos > limit) {
				it.remove();
				if (p.clientId != 0) {
					this.byClientId.remove(p.clientId);
				}
				p.future.completeExceptionally(new TimeoutException("no ACK within " + this.settings.sendTimeout));
			}
		}
	}

	private void retransmitIfDue(long now) {
		if (!this.ready) {
			return;
		}
		Pending oldest = this.byClientId.values()
			.stream()
			.min(Comparator.comparingLong((Pending p) -> p.clientId))
			.orElse(null);
		if (oldest == null || now - oldest.sentNanos < this.settings.ackTimeout.toNanos()) {
			return;
		}
		if (oldest.transmits > this.settings.maxRetransmits) {
			// the connection looks dead: a new one will resend
			this.socket.abort();
			return;
		}
		// in clientId order: an id the server already took is ignored, the rest fill in
		this.byClientId.values()
			.stream()
			.sorted(Comparator.comparingLong((Pending p) -> p.clientId))
			.forEach((p) -> write(p, now));
	}

	// ---- sending (loop thread) ----

	private void transmit(Pending p) {
		p.clientId = ++this.nextClientId;
		this.byClientId.put(p.clientId, p);
		write(p, System.nanoTime());
	}

	private void write(Pending p, long now) {
		p.transmits++;
		p.sentNanos = now;
		p.everSent = true;
		this.socket.send(CmdType.CT_Message, UpMsg.newBuilder().setMsg(p.message).setClientId(p.clientId).build());
	}

	private void resendPending() {
		for (Pending p : new ArrayList<>(this.pending.values())) {
			p.transmits = 0;
			transmit(p);
		}
	}

	// ---- receiving (loop thread) ----

	private void received(int gen, List<Output> outputs) {
		if (gen != this.generation) {
			return;
		}
		this.lastReceivedNanos = System.nanoTime();
		for (Output output : outputs) {
			try {
				onOutput(output);
			}
			catch (InvalidProtocolBufferException ex) {
				// a malformed element: skip it, the rest of the frame is still good
			}
		}
	}

	private void onOutput(Output output) throws InvalidProtocolBufferException {
		if (output.getCode() != 200) {
			onError(output);
			return;
		}
		switch (output.getType()) {
			case CT_ACK -> {
				ACKMsg ack = ACKMsg.parseFrom(output.getData());
				if (ack.getType() == ACKType.AT_Login && this.loginFuture != null) {
					this.loginFuture.complete(null);
				}
				else if (ack.getType() == ACKType.AT_Up) {
					Pending p = this.byClientId.remove(ack.getClientId());
					if (p != null) {
						this.pending.values().remove(p);
						markSeen(ack.getSeq());
						p.future.complete(new Sent(ack.getClientId(), ack.getSeq(),
								p.message.toBuilder().setSeq(ack.getSeq()).build()));
					}
				}
			}
			case CT_Message -> onPush(PushMsg.parseFrom(output.getData()).getMsg());
			case CT_Sync -> {
				CompletableFuture<SyncOutputMsg> waiter = this.syncWaiters.poll();
				if (waiter != null) {
					waiter.complete(SyncOutputMsg.parseFrom(output.getData()));
				}
			}
			default -> {
				// a newer server's output this client does not know: skip it
			}
		}
	}

	private void onError(Output output) {
		ServerErrorException error = new ServerErrorException(output.getCode(), output.getCodeMsg());
		ACKMsg ack = null;
		try {
			ack = ACKMsg.parseFrom(output.getData());
		}
		catch (InvalidProtocolBufferException ex) {
			// no ACKMsg: an error not tied to an up message
		}
		if (ack != null && ack.getType() == ACKType.AT_Up && ack.getClientId() != 0) {
			Pending p = this.byClientId.get(ack.getClientId());
			if (p != null) {
				upRefused(p, error);
			}
			return;
		}
		if (this.loginFuture != null && !this.loginFuture.isDone()) {
			this.loginFuture.completeExceptionally(error);
			return;
		}
		this.listener.onError(error);
	}

	private void upRefused(Pending p, ServerErrorException error) {
		int code = error.code();
		if (code == 1001 && error.getMessage() != null && error.getMessage().contains("out of order")) {
			// an earlier clientId was dropped ("server busy"): the retransmit fills the
			// hole and this one goes again with it
			return;
		}
		this.byClientId.remove(p.clientId);
		boolean retryable = code == 1004 || code == 1006 || code == 1008;
		if (retryable && p.transmits <= this.settings.maxRetransmits) {
			// the server took this clientId: try again a little later under a new one (a
			// reconnect meanwhile resends it anyway)
			p.clientId = 0;
			this.loop.schedule(() -> {
				if (p.clientId == 0 && this.ready && this.pending.containsValue(p)) {
					transmit(p);
				}
			}, this.settings.ackTimeout.toMillis() / 2, TimeUnit.MILLISECONDS);
			return;
		}
		this.pending.values().remove(p);
		p.future.completeExceptionally(error);
	}

	private void onPush(Message message) {
		this.pushesReceived++;
		if (this.pushesToDiscard > 0) {
			this.pushesToDiscard--;
			return;
		}
		if (!isSeen(message.getSeq())) {
			markSeen(message.getSeq());
			deliver(message, true);
			if (!this.seenAbove.isEmpty()) {
				scheduleGapCheck();
			}
		}
		acknowledgePushes();
	}

	/**
	 * Downstream ACK: {@code ACKMsg{AT_Push, seq}} acknowledges every push up to seq, so
	 * only {@link #lastSeq} (nothing missing below it) is ever acknowledged; a push above
	 * a hole is acknowledged once sync has filled it. A repeated push is acknowledged
	 * again, as its first ACK may have been lost.
	 */
	private void acknowledgePushes() {
		if (this.settings.downstreamAcks && this.loggedIn && this.socket != null && this.lastSeq > 0) {
			this.socket.send(CmdType.CT_ACK, ACKMsg.newBuilder().setType(ACKType.AT_Push).setSeq(this.lastSeq).build());
		}
	}

	private boolean isSeen(long seq) {
		return seq <= this.lastSeq || this.seenAbove.contains(seq);
	}

	private void markSeen(long seq) {
		if (seq <= this.lastSeq) {
			return;
		}
		this.seenAbove.add(seq);
		while (this.seenAbove.remove(this.lastSeq + 1)) {
			this.lastSeq++;
		}
	}

	private void scheduleGapCheck() {
		if (this.gapCheck != null && !this.gapCheck.isDone()) {
			return;
		}
		// an ACK or a push of another node may still fill the hole: give them a moment
		this.gapCheck = this.loop.schedule(() -> {
			if (!this.seenAbove.isEmpty() && this.ready) {
				syncAll();
			}
		}, this.settings.gapGrace.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void deliver(Message message, boolean live) {
		try {
			this.listener.onMessage(message, live);
		}
		catch (RuntimeException ex) {
			// a listener's failure must not break the client
		}
	}

	// ---- sync (loop thread) ----

	private CompletableFuture<SyncOutputMsg> requestSync(long afterSeq) {
		CompletableFuture<SyncOutputMsg> waiter = new CompletableFuture<>();
		if (!this.loggedIn || this.socket == null) {
			waiter.completeExceptionally(new IllegalStateException("not connected"));
			return waiter;
		}
		this.syncWaiters.add(waiter);
		this.socket.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(afterSeq).build());
		int gen = this.generation;
		waiter.orTimeout(this.settings.ackTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)
			.whenCompleteAsync((page, error) -> {
				// answers come in request order: after a lost one, later ones cannot be
				// matched any more, so start over on a new connection
				if (error instanceof TimeoutException && gen == this.generation && this.socket != null) {
					this.socket.abort();
				}
			}, this.loop);
		return waiter;
	}

	private CompletableFuture<Long> syncAll() {
		CompletableFuture<Long> result = new CompletableFuture<>();
		if (this.syncing) {
			// one sync at a time; the running one covers this request too
			result.complete(this.lastSeq);
			return result;
		}
		this.syncing = true;
		syncFrom(this.lastSeq, this.lastSeq, result);
		return result.whenComplete((seq, error) -> this.syncing = false);
	}

	private void syncFrom(long afterSeq, long highest, CompletableFuture<Long> result) {
		requestSync(afterSeq).whenCompleteAsync((page, error) -> {
			if (error != null) {
				result.completeExceptionally(error);
				return;
			}
			long max = highest;
			for (Message message : page.getMessagesList()) {
				max = Math.max(max, message.getSeq());
				if (message.getSenderId() == this.userId && matchesPending(message)) {
					continue;
				}
				if (!isSeen(message.getSeq())) {
					this.seenAbove.add(message.getSeq());
					deliver(message, false);
				}
			}
			long pageMax = page.getMessagesList().stream().mapToLong(Message::getSeq).max().orElse(afterSeq);
			if (page.getHasMore() && pageMax > afterSeq) {
				syncFrom(pageMax, max, result);
				return;
			}
			// everything up to the highest stored seq is now known: a seq that was taken
			// but never stored (a refused message) must not hold lastSeq back
			this.lastSeq = Math.max(this.lastSeq, max);
			this.seenAbove.headSet(this.lastSeq, true).clear();
			while (this.seenAbove.remove(this.lastSeq + 1)) {
				this.lastSeq++;
			}
			acknowledgePushes();
			result.complete(this.lastSeq);
		}, this.loop);
	}

	/**
	 * A stored copy of a message this client sent but whose ACK was lost with a
	 * connection: complete the send with it instead of sending it again.
	 */
	private boolean matchesPending(Message stored) {
		for (var it = this.pending.values().iterator(); it.hasNext();) {
			Pending p = it.next();
			Message sent = p.message;
			if (p.everSent && p.clientId == 0 && sent.getSessionType() == stored.getSessionType()
					&& sent.getReceiverId() == stored.getReceiverId() && sent.getContent().equals(stored.getContent())
					&& sent.getSendTime() / 1000 == stored.getSendTime() / 1000) {
				it.remove();
				this.seenAbove.add(stored.getSeq());
				p.future.complete(new Sent(0, stored.getSeq(), sent.toBuilder().setSeq(stored.getSeq()).build()));
				return true;
			}
		}
		return false;
	}

	// ---- helpers ----

	private <T> T call(java.util.concurrent.Callable<T> read) {
		if (this.loop.isShutdown() || Thread.currentThread() == this.loopThread) {
			try {
				return read.call();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}
		try {
			return this.loop.submit(read).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("client did not answer", ex);
		}
	}

	private static <T> void complete(CompletableFuture<T> target, T value, Throwable error) {
		if (error != null) {
			target.completeExceptionally(unwrap(error));
		}
		else {
			target.complete(value);
		}
	}

	private static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	static long userIdOf(String token) {
		String[] parts = Objects.requireNonNull(token, "token").split("\\.");
		if (parts.length != 3) {
			throw new IllegalArgumentException("token: not a JWT (expected: header.payload.signature)");
		}
		Object claims = Json.parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
		if (claims instanceof Map<?, ?> map && map.get("user_id") instanceof Number id) {
			return id.longValue();
		}
		throw new IllegalArgumentException("token: no user_id claim");
	}

	/** Where a client is. */
	public enum State {

		/** Built, {@link #connect()} not called yet. */
		NEW,
		/** The first connect and login. */
		CONNECTING,
		/** Logged in and synced; sends go out at once. */
		ONLINE,
		/** The connection dropped; trying again with back-off. Sends wait. */
		RECONNECTING,
		/** Closed by {@link #close()}, or the server refused the token. */
		CLOSED

	}

	/**
	 * An acknowledged message.
	 *
	 * @param clientId the clientId it was accepted under (0 when it was found by sync
	 * after a reconnect)
	 * @param seq the seq of the sender's copy
	 * @param message the message with that seq
	 */
	public record Sent(long clientId, long seq, Message message) {
	}

	/** What the client tells its user. Called on the client's thread: do not block. */
	public interface Listener {

		/**
		 * A message of this user's history not seen before: pushed live, or found by a
		 * sync (after a seq gap, a reconnect, or {@link #sync()}); includes copies of
		 * messages this user sent from elsewhere.
		 * @param message the message with this user's seq
		 * @param live true for a push, false for a synced message
		 */
		default void onMessage(Message message, boolean live) {
		}

		/** An error the server sent that answers no pending send. */
		default void onError(ServerErrorException error) {
		}

		default void onStateChanged(State state) {
		}

	}

	/** Settings of a {@link GoChatClient}; every value has a default. */
	public static final class Builder {

		private final URI uri;

		private final String token;

		private Listener listener = new Listener() {
		};

		private Duration heartbeatInterval = Duration.ofSeconds(30);

		private Duration ackTimeout = Duration.ofSeconds(5);

		private int maxRetransmits = 3;

		private Duration sendTimeout = Duration.ofMinutes(2);

		private Duration connectTimeout = Duration.ofSeconds(5);

		private Duration reconnectMin = Duration.ofMillis(500);

		private Duration reconnectMax = Duration.ofSeconds(30);

		private Duration gapGrace = Duration.ofMillis(300);

		private long lastSeq;

		private boolean downstreamAcks;

		private Builder(URI uri, String token) {
			this.uri = Objects.requireNonNull(uri, "uri");
			this.token = Objects.requireNonNull(token, "token");
			userIdOf(token);
		}

		public Builder listener(Listener listener) {
			this.listener = Objects.requireNonNull(listener, "listener");
			return this;
		}

		/**
		 * How often a heartbeat (and a WebSocket ping) is sent (default 30 s; the server
		 * closes connections idle for {@code app.heartbeat-timeout}, 600 s by default). A
		 * connection that answers nothing for two intervals is dropped and reconnected.
		 */
		public Builder heartbeatInterval(Duration interval) {
			this.heartbeatInterval = positive("heartbeatInterval", interval);
			return this;
		}

		/** How long to wait for an ACK before retransmitting (default 5 s). */
		public Builder ackTimeout(Duration timeout) {
			this.ackTimeout = positive("ackTimeout", timeout);
			return this;
		}

		/**
		 * Retransmits on one connection before it is taken for dead and replaced (default
		 * 3); also the retries of a message the server could not store (1008) or was too
		 * busy for (1004, 1006).
		 */
		public Builder maxRetransmits(int count) {
			if (count < 0) {
				throw new IllegalArgumentException("maxRetransmits: " + count + " (expected: >= 0)");
			}
			this.maxRetransmits = count;
			return this;
		}

		/** A send not acknowledged within this time fails (default 2 minutes). */
		public Builder sendTimeout(Duration timeout) {
			this.sendTimeout = positive("sendTimeout", timeout);
			return this;
		}

		/** TCP connect, handshake and login (default 5 s). */
		public Builder connectTimeout(Duration timeout) {
			this.connectTimeout = positive("connectTimeout", timeout);
			return this;
		}

		/**
		 * Back-off between reconnect attempts: from {@code min}, doubling up to
		 * {@code max}, each +-20 % (default 0.5 s to 30 s).
		 */
		public Builder reconnectBackoff(Duration min, Duration max) {
			this.reconnectMin = positive("reconnectBackoff min", min);
			this.reconnectMax = positive("reconnectBackoff max", max);
			return this;
		}

		/**
		 * How long a seq gap may stay open before a sync is asked for (default 300 ms).
		 */
		public Builder gapGrace(Duration grace) {
			this.gapGrace = positive("gapGrace", grace);
			return this;
		}

		/**
		 * The highest seq this user already has (default 0: the first connect syncs the
		 * whole history).
		 */
		public Builder lastSeq(long seq) {
			if (seq < 0) {
				throw new IllegalArgumentException("lastSeq: " + seq + " (expected: >= 0)");
			}
			this.lastSeq = seq;
			return this;
		}

		/**
		 * Acknowledges pushes with {@code Input{CT_ACK, ACKMsg{AT_Push, seq}}}, seq being
		 * {@link GoChatClient#lastSeq()} (default off). A node that offers downstream
		 * ACKs ({@code app.push-ack.*}) then sends unacknowledged pushes again; servers
		 * that do not, upstream included, ignore these frames. See
		 * {@code docs/protocol.md}.
		 */
		public Builder downstreamAcks(boolean enabled) {
			this.downstreamAcks = enabled;
			return this;
		}

		public GoChatClient build() {
			return new GoChatClient(this);
		}

		private static Duration positive(String name, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new IllegalArgumentException(name + ": " + value + " (expected: > 0)");
			}
			return value;
		}

	}

	private record Settings(Duration heartbeatInterval, Duration ackTimeout, int maxRetransmits, Duration sendTimeout,
			Duration connectTimeout, Duration reconnectMin, Duration reconnectMax, Duration gapGrace,
			boolean downstreamAcks) {

		Settings(Builder b) {
			this(b.heartbeatInterval, b.ackTimeout, b.maxRetransmits, b.sendTimeout, b.connectTimeout, b.reconnectMin,
					b.reconnectMax, b.gapGrace, b.downstreamAcks);
		}

	}

	private static final class Pending {

		final Message message;

		final CompletableFuture<Sent> future;

		final long createdNanos;

		long clientId;

		int transmits;

		long sentNanos;

		boolean everSent;

		Pending(Message message, CompletableFuture<Sent> future, long createdNanos) {
			this.message = message;
			this.future = future;
			this.createdNanos = createdNanos;
		}

	}

	private final class SocketListener implements GoChatSocket.Listener {

		private final int gen;

		SocketListener(int gen) {
			this.gen = gen;
		}

		@Override
		public void onOutputs(List<Output> outputs) {
			GoChatClient.this.loop.execute(() -> received(this.gen, outputs));
		}

		@Override
		public void onPong() {
			GoChatClient.this.loop.execute(() -> {
				if (this.gen == GoChatClient.this.generation) {
					GoChatClient.this.lastReceivedNanos = System.nanoTime();
				}
			});
		}

	}

}
