package io.gochat.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reorder logic of one connection, without a channel: what is released, in which
 * order, and when a missing seq is given up on.
 */
class PushOrderTests {

	static final long HOLD = TimeUnit.SECONDS.toNanos(2);

	final PushOrder order = new PushOrder(64);

	final List<Long> released = new ArrayList<>();

	final PushOrder.Release out = (seq, output) -> this.released.add(seq);

	long now = 1_000_000_000L;

	// what a connection does with a push
	void push(long seq) {
		if (this.order.admit(seq)) {
			this.released.add(seq);
			if (this.order.waiting() > 0) {
				this.order.drain(this.out);
			}
		}
		else {
			this.order.hold(seq, new byte[] { 1 }, this.now, this.out);
		}
	}

	// what a connection does with a skip
	void skip(long seq) {
		if (this.order.admit(seq)) {
			if (this.order.waiting() > 0) {
				this.order.drain(this.out);
			}
		}
		else {
			this.order.skip(seq, this.now, this.out);
		}
	}

	long giveUpAfter(long nanos) {
		this.now += nanos;
		return this.order.giveUp(this.now, HOLD, this.out);
	}

	@Test
	void inOrderPushesPassStraightThroughAndNothingIsHeld() {
		this.order.start(10);
		push(11);
		skip(12);
		push(13);
		assertThat(this.released).containsExactly(11L, 13L);
		assertThat(this.order.waiting()).isZero();
		assertThat(giveUpAfter(HOLD)).isEqualTo(-1);
	}

	@Test
	void aPushAheadOfAMissingSeqWaitsForIt() {
		this.order.start(10);
		push(12);
		push(13);
		assertThat(this.released).isEmpty();
		assertThat(this.order.waiting()).isEqualTo(2);
		push(11);
		assertThat(this.released).containsExactly(11L, 12L, 13L);
		assertThat(this.order.waiting()).isZero();
		assertThat(this.order.heldTotal()).isEqualTo(2);
		assertThat(this.order.givenUpTotal()).isZero();
	}

	@Test
	void theUsersOwnCopiesAreSkippedWhicheverComesFirst() {
		this.order.start(10);
		skip(11);
		push(12);
		// the push of 14 comes before the node says 13 was the user's own copy
		push(14);
		assertThat(this.released).containsExactly(12L);
		skip(13);
		assertThat(this.released).containsExactly(12L, 14L);
		// a skip ahead of a missing push
		skip(16);
		push(17);
		push(15);
		assertThat(this.released).containsExactly(12L, 14L, 15L, 17L);
		assertThat(this.order.waiting()).isZero();
	}

	@Test
	void twoSendersInterleavedByTheNetworkComeOutInSeqOrder() {
		this.order.start(0);
		// node A pushes the odd seqs, node B the even ones; B's calls run ahead
		long[] arrivals = { 2, 4, 1, 6, 3, 8, 5, 7, 10, 12, 9, 11 };
		for (long seq : arrivals) {
			push(seq);
		}
		assertThat(this.released).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);
	}

	@Test
	void aSeqThatNeverComesIsGivenUpOnAfterTheHold() {
		this.order.start(10);
		push(12);
		this.now += HOLD / 2;
		push(14);
		push(15);
		assertThat(giveUpAfter(HOLD / 2 - 1)).as("not yet").isEqualTo(1);
		assertThat(this.released).isEmpty();
		// 12 waited its hold: 11 is given up on; 14 and 15 wait for 13 a while longer
		assertThat(giveUpAfter(1)).isEqualTo(HOLD / 2);
		assertThat(this.released).containsExactly(12L);
		push(13);
		assertThat(this.released).containsExactly(12L, 13L, 14L, 15L);
		assertThat(this.order.givenUpTotal()).isEqualTo(1);
		assertThat(giveUpAfter(HOLD)).isEqualTo(-1);
	}

	@Test
	void aPushThatComesAfterItsSeqWasGivenUpOnIsStillDelivered() {
		this.order.start(10);
		push(12);
		giveUpAfter(HOLD);
		assertThat(this.released).containsExactly(12L);
		push(11);
		push(13);
		assertThat(this.released).as("late, not lost").containsExactly(12L, 11L, 13L);
	}

	@Test
	void aPushFarAheadGivesUpOnTheGapAtOnce() {
		this.order.start(10);
		push(12);
		// a counter re-seeded after Redis lost it jumps by app.seq.reseed-margin
		push(10_012);
		assertThat(this.released).containsExactly(12L, 10_012L);
		push(10_013);
		assertThat(this.released).containsExactly(12L, 10_012L, 10_013L);
		assertThat(this.order.waiting()).isZero();
	}

	@Test
	void theRingGrowsWithTheGapAndKeepsWhatItHolds() {
		this.order.start(0);
		for (long seq = 40; seq >= 2; seq--) {
			push(seq);
		}
		assertThat(this.released).isEmpty();
		assertThat(this.order.waiting()).isEqualTo(39);
		push(1);
		assertThat(this.released).hasSize(40).isSorted();
	}

	@Test
	void beforeTheStartPushesPassAndTheStartCountsThemIn() {
		// pushes reach the connection between its registration and the counter read
		push(7);
		push(6);
		assertThat(this.released).containsExactly(7L, 6L);
		// a counter read lower than a push already delivered opens no false gap
		this.order.start(5);
		push(8);
		assertThat(this.released).containsExactly(7L, 6L, 8L);
		assertThat(this.order.waiting()).isZero();
	}

	@Test
	void theSameSeqTwiceIsHeldOnce() {
		this.order.start(10);
		push(12);
		push(12);
		push(11);
		assertThat(this.released).containsExactly(11L, 12L);
	}

	@Test
	void outputsWithoutASeqAreNeverHeld() {
		this.order.start(10);
		push(12);
		push(0);
		assertThat(this.released).containsExactly(0L);
	}

	@Test
	void heldPushesOverTheConnectionsByteBoundGiveUpTheLowestGapInsteadOfWaiting() {
		ByteBudget node = new ByteBudget(1_000_000);
		PushOrder bounded = new PushOrder(64, 250, node);
		bounded.start(10);
		// 11 is missing; 12 and 13 (100 bytes each) wait for it
		bounded.hold(12, new byte[100], this.now, this.out);
		bounded.hold(13, new byte[100], this.now, this.out);
		assertThat(this.released).isEmpty();
		assertThat(bounded.heldBytes()).isEqualTo(200);
		assertThat(node.used()).isEqualTo(200);
		// 15 does not fit: 11 is given up on, 12 and 13 go out, 15 waits for 14
		bounded.hold(15, new byte[100], this.now, this.out);
		assertThat(this.released).containsExactly(12L, 13L);
		assertThat(bounded.givenUpTotal()).isEqualTo(1);
		assertThat(bounded.heldBytes()).isEqualTo(100);
		assertThat(node.used()).isEqualTo(100);
		bounded.discard();
		assertThat(node.used()).isZero();
	}

	@Test
	void heldPushesOverTheNodesBudgetGiveUpTheirGapsToo() {
		ByteBudget node = new ByteBudget(150);
		PushOrder bounded = new PushOrder(64, 1_000_000, node);
		bounded.start(10);
		bounded.hold(12, new byte[100], this.now, this.out);
		// the node's budget is spent by the first: the second is released with what
		// waited below it
		bounded.hold(14, new byte[100], this.now, this.out);
		assertThat(this.released).containsExactly(12L);
		assertThat(bounded.givenUpTotal()).isEqualTo(1);
		// 14 now waits for 13 alone, within the budget again
		assertThat(bounded.heldBytes()).isEqualTo(100);
		assertThat(node.used()).isEqualTo(100);
		assertThat(bounded.admit(13)).isTrue();
		bounded.drain(this.out);
		assertThat(this.released).containsExactly(12L, 14L);
		assertThat(node.used()).isZero();
	}

}
