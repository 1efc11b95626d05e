package io.gochat.loadtest;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryStatsTests {

	private static final String RUN = "0badcafe";

	private static final long MS = 1_000_000;

	// three online members; members 0 and 1 send one message per round for two rounds
	private final DeliveryStats stats = new DeliveryStats(RUN, 3, 2, 2, DeliveryPlan.group());

	@Test
	void allDeliveredIsCompleteWithoutLoss() {
		sendRound(0, 1_000 * MS);
		deliverRound(0, 1_000 * MS, 1);
		sendRound(1, 2_000 * MS);
		deliverRound(1, 2_000 * MS, 2);

		RunSummary.Deliveries d = this.stats.deliveries();
		assertTrue(this.stats.complete());
		assertEquals(4, d.messagesSent());
		assertEquals(4 * 2, d.pushesExpected());
		assertEquals(4 * 3, d.expected());
		assertEquals(d.expected(), d.received());
		assertEquals(0, d.lost());
		assertEquals(0, d.duplicated());
		assertEquals(0, d.outOfOrder());
		// first send at 1000 ms, last receipt at 2000 + 40 ms
		assertEquals(1_040, d.durationMs());
		assertEquals(List.of(new RunSummary.Round(1, 6, 6, 40L), new RunSummary.Round(2, 6, 6, 40L)),
				this.stats.rounds());
	}

	@Test
	void missingPushesAreLostAndLeaveTheRoundIncomplete() {
		sendRound(0, 0);
		// member 2 gets only member 0's message; member 1 gets nothing; member 0 gets member 1's
		push(2, 0, 0, 1, 1);
		push(0, 1, 0, 1, 1);
		this.stats.ack(0, 0, 5, 5 * MS);
		this.stats.ack(0, 0, 5, 5 * MS);

		RunSummary.Deliveries d = this.stats.deliveries();
		assertFalse(this.stats.complete());
		assertEquals(6, d.expected());
		assertEquals(4, d.received());
		assertEquals(2, d.lost());
		assertNull(this.stats.rounds().get(0).completionMs());
	}

	@Test
	void aSecondPushOfTheSameMessageIsADuplicateNotADelivery() {
		sendRound(0, 0);
		push(2, 0, 0, 1, 1);
		push(2, 0, 0, 1, 2);

		RunSummary.Deliveries d = this.stats.deliveries();
		assertEquals(1, d.pushesReceived());
		assertEquals(1, d.duplicated());
	}

	@Test
	void aPushWhoseSeqIsNotAboveTheLastIsOutOfOrder() {
		sendRound(0, 0);
		sendRound(1, 0);
		push(2, 0, 1, 2, 7);
		push(2, 0, 0, 1, 6);
		push(2, 1, 0, 1, 8);
		push(2, 1, 1, 2, 8);

		RunSummary.Deliveries d = this.stats.deliveries();
		assertEquals(4, d.pushesReceived());
		assertEquals(2, d.outOfOrder());
	}

	@Test
	void pushesOfOtherRunsAndOwnMessagesAreNotDeliveries() {
		sendRound(0, 0);
		ReceiverStats receiver = this.stats.receiver(0);
		this.stats.push(receiver, new MessageTag("other", 1, 0, 1), 1, 0, 1, MS);
		this.stats.push(receiver, null, 2, 0, 1, MS);
		this.stats.push(receiver, new MessageTag(RUN, 0, 0, 1), 3, 0, 1, MS);
		this.stats.push(receiver, new MessageTag(RUN, 1, 5, 1), 4, 0, 1, MS);

		RunSummary.Deliveries d = this.stats.deliveries();
		assertEquals(2, d.foreign());
		assertEquals(2, d.unexpected());
		assertEquals(0, d.pushesReceived());
	}

	@Test
	void latencyIsFromSendTimeToReceipt() {
		sendRound(0, 0);
		ReceiverStats receiver = this.stats.receiver(2);
		this.stats.push(receiver, new MessageTag(RUN, 0, 0, 1), 1, 1_000, 1_010, 10 * MS);
		this.stats.push(receiver, new MessageTag(RUN, 1, 0, 1), 2, 1_000, 1_030, 30 * MS);

		RunSummary.Latency latency = this.stats.pushLatency();
		assertEquals(2, latency.count());
		assertEquals(30, latency.max());
		assertEquals(20.0, latency.mean());
	}

	@Test
	void errorsAreCountedByCode() {
		this.stats.error(1004, "server busy");
		this.stats.error(1004, "server busy");
		this.stats.error(1008, "not stored");

		RunSummary.Deliveries d = this.stats.deliveries();
		assertEquals(3, d.errors());
		assertEquals(2L, d.errorsByCode().get("1004"));
		assertEquals(1L, d.errorsByCode().get("1008"));
		assertEquals(3, d.errorSamples().size());
	}

	private void sendRound(int round, long nanos) {
		this.stats.roundStarted(round, nanos);
		this.stats.messageSent(round);
		this.stats.messageSent(round);
	}

	/** Every push and ACK of a round, the last arriving 40 ms after the round started. */
	private void deliverRound(int round, long startNanos, long clientId) {
		long seq = round * 10L;
		for (int sender = 0; sender < 2; sender++) {
			for (int receiver = 0; receiver < 3; receiver++) {
				if (receiver != sender) {
					this.stats.push(this.stats.receiver(receiver), new MessageTag(RUN, sender, round, clientId), ++seq,
							0, 20, startNanos + 20 * MS);
				}
			}
			this.stats.ack(round, 0, 40, startNanos + 40 * MS);
		}
	}

	private void push(int receiver, int sender, int round, long clientId, long seq) {
		this.stats.push(this.stats.receiver(receiver), new MessageTag(RUN, sender, round, clientId), seq, 0, 1, MS);
	}

}
