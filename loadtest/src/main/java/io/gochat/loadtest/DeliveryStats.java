package io.gochat.loadtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The counters of a run: what was sent per round, what arrived, and how late. Written from the
 * event-loop threads of all connections at once, so it only uses atomics, adders and a
 * concurrent histogram; per-receiver state lives in {@link ReceiverStats}.
 *
 * Expected deliveries follow from the messages actually handed to the connections: each one
 * should come back as one up-ACK to its sender and {@code pushesPerMessage} pushes (N - 1 in a
 * group of N online members, 1 in single chat).
 */
final class DeliveryStats {

	private static final long NONE = Long.MIN_VALUE;

	private static final int MAX_ERROR_SAMPLES = 10;

	// an hour: anything later is clamped, the run has long timed out by then
	private static final long HIGHEST_LATENCY_MS = 3_600_000L;

	private final String run;

	private final int rounds;

	private final long pushesPerMessage;

	private final DeliveryPlan plan;

	private final ReceiverStats[] receivers;

	private final AtomicLongArray sentPerRound;

	private final AtomicLongArray receivedPerRound;

	private final AtomicLongArray roundStartNanos;

	private final AtomicLongArray roundLastReceiptNanos;

	private final AtomicLong lastReceiptNanos = new AtomicLong(NONE);

	private final LongAdder pushes = new LongAdder();

	private final LongAdder acks = new LongAdder();

	private final LongAdder duplicateAcks = new LongAdder();

	private final LongAdder unexpected = new LongAdder();

	private final LongAdder foreign = new LongAdder();

	private final LongAdder retransmits = new LongAdder();

	private final LongAdder disconnects = new LongAdder();

	private final Map<Integer, LongAdder> errorsByCode = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();

	private final AtomicInteger errorSampleCount = new AtomicInteger();

	private final Histogram pushLatency = new ConcurrentHistogram(HIGHEST_LATENCY_MS, 3);

	private final Histogram ackLatency = new ConcurrentHistogram(HIGHEST_LATENCY_MS, 3);

	/**
	 * @param run the run tag; pushes carrying another are counted as foreign
	 * @param receiverCount connections that receive
	 * @param rounds rounds (group) or seconds (single) of sending
	 * @param pushesPerMessage pushes each message should cause
	 * @param plan which receiver is meant to get which sender's messages
	 */
	DeliveryStats(String run, int receiverCount, int rounds, long pushesPerMessage, DeliveryPlan plan) {
		this.run = run;
		this.rounds = rounds;
		this.pushesPerMessage = pushesPerMessage;
		this.plan = plan;
		this.receivers = new ReceiverStats[receiverCount];
		for (int i = 0; i < receiverCount; i++) {
			this.receivers[i] = new ReceiverStats(i);
		}
		this.sentPerRound = new AtomicLongArray(rounds);
		this.receivedPerRound = new AtomicLongArray(rounds);
		this.roundStartNanos = new AtomicLongArray(rounds);
		this.roundLastReceiptNanos = new AtomicLongArray(rounds);
		for (int i = 0; i < rounds; i++) {
			this.roundStartNanos.set(i, NONE);
			this.roundLastReceiptNanos.set(i, NONE);
		}
	}

	String run() {
		return this.run;
	}

	ReceiverStats receiver(int index) {
		return this.receivers[index];
	}

	/** Marks the first send of a round; later calls for the same round are ignored. */
	void roundStarted(int round, long nanos) {
		this.roundStartNanos.compareAndSet(round, NONE, nanos);
	}

	/** One message was handed to its sender's connection. */
	void messageSent(int round) {
		this.sentPerRound.incrementAndGet(round);
	}

	/** A push of a chat message arrived at {@code receiver}. */
	void push(ReceiverStats receiver, MessageTag tag, long seq, long sendTimeMs, long nowMs, long nowNanos) {
		if (tag == null || !this.run.equals(tag.run())) {
			this.foreign.increment();
			return;
		}
		if (tag.round() < 0 || tag.round() >= this.rounds || tag.clientId() < 1 || tag.clientId() > Integer.MAX_VALUE
				|| !this.plan.expects(receiver.index(), tag.sender())) {
			this.unexpected.increment();
			return;
		}
		if (receiver.record(tag, seq)) {
			this.pushes.increment();
			this.pushLatency.recordValue(clampLatency(nowMs - sendTimeMs));
			arrived(tag.round(), nowNanos);
		}
	}

	/** The first up-ACK of a message sent in {@code round} at {@code sendTimeMs}. */
	void ack(int round, long sendTimeMs, long nowMs, long nowNanos) {
		this.acks.increment();
		this.ackLatency.recordValue(clampLatency(nowMs - sendTimeMs));
		arrived(round, nowNanos);
	}

	/** An up-ACK for a clientId that had already been acknowledged. */
	void duplicateAck() {
		this.duplicateAcks.increment();
	}

	/** An up message was sent again because its ACK was late. */
	void retransmitted() {
		this.retransmits.increment();
	}

	/** A connection closed before the run ended it. */
	void disconnected() {
		this.disconnects.increment();
	}

	/** An output whose code was not 200. */
	void error(int code, String message) {
		this.errorsByCode.computeIfAbsent(code, (c) -> new LongAdder()).increment();
		if (this.errorSampleCount.incrementAndGet() <= MAX_ERROR_SAMPLES) {
			this.errorSamples.add(code + " " + message);
		}
	}

	private void arrived(int round, long nowNanos) {
		this.receivedPerRound.incrementAndGet(round);
		this.roundLastReceiptNanos.accumulateAndGet(round, nowNanos, Math::max);
		this.lastReceiptNanos.accumulateAndGet(nowNanos, Math::max);
	}

	private static long clampLatency(long ms) {
		return Math.min(Math.max(ms, 0), HIGHEST_LATENCY_MS);
	}

	long messagesSent() {
		long sent = 0;
		for (int i = 0; i < this.rounds; i++) {
			sent += this.sentPerRound.get(i);
		}
		return sent;
	}

	long expected() {
		return messagesSent() * (this.pushesPerMessage + 1);
	}

	long received() {
		return this.pushes.sum() + this.acks.sum();
	}

	/** Every expected push and up-ACK has arrived. */
	boolean complete() {
		return received() >= expected();
	}

	long disconnects() {
		return this.disconnects.sum();
	}

	/** Nanos of the first send of the run, or {@link Long#MIN_VALUE} before it. */
	long firstSendNanos() {
		long first = NONE;
		for (int i = 0; i < this.rounds; i++) {
			long start = this.roundStartNanos.get(i);
			if (start != NONE && (first == NONE || start < first)) {
				first = start;
			}
		}
		return first;
	}

	RunSummary.Deliveries deliveries() {
		long sent = messagesSent();
		long pushesExpected = sent * this.pushesPerMessage;
		long pushesReceived = this.pushes.sum();
		long acksReceived = this.acks.sum();
		long expected = pushesExpected + sent;
		long received = pushesReceived + acksReceived;
		long duplicated = 0;
		long outOfOrder = 0;
		for (ReceiverStats receiver : this.receivers) {
			duplicated += receiver.duplicates();
			outOfOrder += receiver.outOfOrder();
		}
		Map<String, Long> errors = new TreeMap<>();
		long errorCount = 0;
		for (Map.Entry<Integer, LongAdder> entry : this.errorsByCode.entrySet()) {
			errors.put(String.valueOf(entry.getKey()), entry.getValue().sum());
			errorCount += entry.getValue().sum();
		}
		Long durationMs = null;
		Long perSecond = null;
		long first = firstSendNanos();
		long last = this.lastReceiptNanos.get();
		if (first != NONE && last != NONE && last > first) {
			durationMs = (last - first) / 1_000_000;
			perSecond = Math.round(received * 1e9 / (last - first));
		}
		return new RunSummary.Deliveries(sent, expected, received, pushesExpected, pushesReceived, sent, acksReceived,
				Math.max(0, expected - received), duplicated, this.duplicateAcks.sum(), outOfOrder,
				this.unexpected.sum(), this.foreign.sum(), errorCount, errors, List.copyOf(this.errorSamples),
				this.retransmits.sum(), durationMs, perSecond);
	}

	List<RunSummary.Round> rounds() {
		List<RunSummary.Round> result = new ArrayList<>(this.rounds);
		for (int i = 0; i < this.rounds; i++) {
			long expected = this.sentPerRound.get(i) * (this.pushesPerMessage + 1);
			long received = this.receivedPerRound.get(i);
			long start = this.roundStartNanos.get(i);
			long last = this.roundLastReceiptNanos.get(i);
			Long completion = (expected > 0 && received >= expected && start != NONE && last != NONE)
					? Math.max(0, (last - start) / 1_000_000) : null;
			result.add(new RunSummary.Round(i + 1, expected, received, completion));
		}
		return result;
	}

	RunSummary.Latency pushLatency() {
		return latencyOf(this.pushLatency);
	}

	RunSummary.Latency ackLatency() {
		return latencyOf(this.ackLatency);
	}

	private static RunSummary.Latency latencyOf(Histogram histogram) {
		if (histogram.getTotalCount() == 0) {
			return new RunSummary.Latency(0, 0, 0, 0, 0, 0, 0);
		}
		return new RunSummary.Latency(histogram.getTotalCount(), histogram.getValueAtPercentile(50),
				histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
				histogram.getValueAtPercentile(99.9), histogram.getMaxValue(),
				Math.round(histogram.getMean() * 100) / 100.0);
	}

}
