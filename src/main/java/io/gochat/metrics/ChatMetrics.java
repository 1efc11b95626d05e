package io.gochat.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import io.gochat.wire.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The chat metrics of this node, all named {@code gochat.*} and tagged {@code node} (the
 * common tag set by {@code management.metrics.tags.node}). Counters and timers are looked
 * up once, in the constructor: recording is a field read and an add, never a tag look-up
 * on the message path. Gauges are registered by the module that owns the measured state
 * through {@link #gauge}.
 */
@Component
public class ChatMetrics {

	/** Push latency buckets start here; faster writes fall in the first bucket. */
	static final Duration LATENCY_MIN = Duration.ofMillis(1);

	/** Push latency buckets end here. */
	static final Duration LATENCY_MAX = Duration.ofSeconds(30);

	private final MeterRegistry registry;

	private final Counter loginsOk;

	private final Map<LoginRefusal, Counter> loginsRefused = new EnumMap<>(LoginRefusal.class);

	private final Counter messagesSingle;

	private final Counter messagesGroup;

	private final Counter retransmits;

	private final Counter pushesLocal;

	private final Counter pushesRemote;

	private final Counter pushesFromPeer;

	private final Timer pushLatency;

	private final Timer peerPushLatency;

	private final Timer ackLatency;

	private final Counter deadLetters;

	private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);

	private final Map<PeerCall, Counter[]> peerCalls = new EnumMap<>(PeerCall.class);

	public ChatMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.loginsOk = Counter.builder("gochat.logins").description("Logins accepted").register(registry);
		for (LoginRefusal reason : LoginRefusal.values()) {
			this.loginsRefused.put(reason,
					Counter.builder("gochat.logins.refused")
						.description("Logins refused, by reason")
						.tag("reason", reason.tag())
						.register(registry));
		}
		this.messagesSingle = messagesIn(registry, "single");
		this.messagesGroup = messagesIn(registry, "group");
		this.retransmits = Counter.builder("gochat.messages.retransmits")
			.description("Up messages received again with an already answered clientId (ignored)")
			.register(registry);
		this.pushesLocal = pushes(registry, "local", "sequenced here, queued for a connection on this node");
		this.pushesRemote = pushes(registry, "remote", "sequenced here, handed to the receiver's node");
		this.pushesFromPeer = pushes(registry, "from-peer",
				"handed over by another node, queued for a connection here");
		this.pushLatency = latency(registry, "gochat.push.latency", "local",
				"From a message accepted on this node to its push written to the receiver's socket;"
						+ " one observation per frame, its oldest push");
		this.peerPushLatency = latency(registry, "gochat.push.latency", "from-peer",
				"From a push received from another node to its write to the receiver's socket;"
						+ " one observation per frame, its oldest push");
		this.ackLatency = latency(registry, "gochat.ack.latency", null,
				"From an up message taken by its worker to its ACK written to the sender's socket;"
						+ " one observation per frame, its oldest ACK");
		this.deadLetters = Counter.builder("gochat.persistence.dead.letters")
			.description("Deliveries the database refused after every attempt, moved to the dead-letter queue")
			.register(registry);
		for (ErrorCode code : ErrorCode.values()) {
			if (code != ErrorCode.OK) {
				this.errors.put(code,
						Counter.builder("gochat.errors")
							.description("Error outputs answered to clients, by code")
							.tag("code", String.valueOf(code.code()))
							.register(registry));
			}
		}
		for (PeerCall call : PeerCall.values()) {
			Counter[] byOutcome = new Counter[PeerCallOutcome.values().length];
			for (PeerCallOutcome outcome : PeerCallOutcome.values()) {
				byOutcome[outcome.ordinal()] = Counter.builder("gochat.peer.calls")
					.description("gRPC calls to other nodes, by method and outcome")
					.tag("method", call.tag())
					.tag("outcome", outcome.tag())
					.register(registry);
			}
			this.peerCalls.put(call, byOutcome);
		}
	}

	private static Counter messagesIn(MeterRegistry registry, String session) {
		return Counter.builder("gochat.messages.in")
			.description("Up messages accepted for delivery, by session type")
			.tag("session", session)
			.register(registry);
	}

	private static Counter pushes(MeterRegistry registry, String route, String description) {
		return Counter.builder("gochat.pushes")
			.description("Pushes to receivers; route=" + route + ": " + description)
			.tag("route", route)
			.register(registry);
	}

	private static Timer latency(MeterRegistry registry, String name, String route, String description) {
		Timer.Builder builder = Timer.builder(name)
			.description(description)
			.publishPercentileHistogram()
			.minimumExpectedValue(LATENCY_MIN)
			.maximumExpectedValue(LATENCY_MAX);
		if (route != null) {
			builder.tag("route", route);
		}
		return builder.register(registry);
	}

	/**
	 * Registers a gauge {@code name} that reads {@code state} when scraped. The caller
	 * keeps a strong reference to {@code state}.
	 */
	public <T> void gauge(String name, String description, T state, ToDoubleFunction<T> value) {
		Gauge.builder(name, state, value).description(description).strongReference(true).register(this.registry);
	}

	/**
	 * Registers a counter whose count {@code value} reads from {@code state}.
	 */
	public <T> void functionCounter(String name, String description, T state, ToDoubleFunction<T> value) {
		FunctionCounter.builder(name, state, value).description(description).register(this.registry);
	}

	public void loggedIn() {
		this.loginsOk.increment();
	}

	public void loginRefused(LoginRefusal reason) {
		this.loginsRefused.get(reason).increment();
	}

	/** An up message accepted for delivery; {@code sessionType} 1 single, 2 group. */
	public void messageIn(int sessionType) {
		((sessionType == 2) ? this.messagesGroup : this.messagesSingle).increment();
	}

	public void retransmit() {
		this.retransmits.increment();
	}

	public void pushedLocal(int count) {
		this.pushesLocal.increment(count);
	}

	public void pushedRemote(int count) {
		this.pushesRemote.increment(count);
	}

	public void pushedFromPeer(int count) {
		this.pushesFromPeer.increment(count);
	}

	/**
	 * Accepted here → written to the receiver's socket; observed once per frame (the
	 * oldest push in it), not per push.
	 */
	public Timer pushLatency() {
		return this.pushLatency;
	}

	/** Received from a peer → written to the receiver's socket. */
	public Timer peerPushLatency() {
		return this.peerPushLatency;
	}

	/** Up message taken → its ACK written to the sender's socket. */
	public Timer ackLatency() {
		return this.ackLatency;
	}

	public void deadLettered() {
		this.deadLetters.increment();
	}

	/** An error {@code Output} answered to a client. */
	public void error(ErrorCode code) {
		Counter counter = this.errors.get(code);
		if (counter != null) {
			counter.increment();
		}
	}

	public void peerCall(PeerCall call, PeerCallOutcome outcome) {
		this.peerCalls.get(call)[outcome.ordinal()].increment();
	}

	/** Why a login was refused ({@code reason} tag of {@code gochat.logins.refused}). */
	public enum LoginRefusal {

		/** Missing, forged or expired token. */
		BAD_TOKEN("bad-token"),

		/** The user is online on a live node already. */
		ALREADY_ONLINE("already-online"),

		/** A second login on the same connection. */
		TWICE("twice"),

		/** Not a {@code LoginMsg}, or the route could not be stored. */
		OTHER("other");

		private final String tag;

		LoginRefusal(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

	/**
	 * The {@code pb.Connect} methods ({@code method} tag of {@code gochat.peer.calls}).
	 */
	public enum PeerCall {

		DELIVER("DeliverMessage"), DELIVER_ALL("DeliverMessageAll");

		private final String tag;

		PeerCall(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

	/** How a call to a peer ended ({@code outcome} tag of {@code gochat.peer.calls}). */
	public enum PeerCallOutcome {

		OK("ok"), DEADLINE("deadline"), ERROR("error");

		private final String tag;

		PeerCallOutcome(String tag) {
			this.tag = tag;
		}

		String tag() {
			return this.tag;
		}

	}

}
