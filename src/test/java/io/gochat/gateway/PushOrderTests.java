package io.gochat.gateway;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PushOrderTests {

	PushOrder order = new PushOrder();

	static byte[] out(long seq) {
		return ("push-" + seq).getBytes();
	}

	static List<String> text(List<byte[]> outputs) {
		return outputs.stream().map(String::new).toList();
	}

	@Test
	void inOrderPushesPassStraightThrough() {
		this.order.start(10);
		assertThat(text(this.order.push(11, out(11)))).containsExactly("push-11");
		assertThat(text(this.order.push(12, out(12)))).containsExactly("push-12");
		assertThat(this.order.hasWaiting()).isFalse();
	}

	@Test
	void aPushAheadOfAMissingSeqWaitsForIt() {
		this.order.start(10);
		assertThat(this.order.push(12, out(12))).isEmpty();
		assertThat(this.order.push(13, out(13))).isEmpty();
		assertThat(this.order.hasWaiting()).isTrue();
		assertThat(text(this.order.push(11, out(11)))).containsExactly("push-11", "push-12", "push-13");
		assertThat(this.order.hasWaiting()).isFalse();
	}

	@Test
	void theUsersOwnCopiesAreSkippedWhicheverComesFirst() {
		this.order.start(10);
		assertThat(this.order.skip(11)).isEmpty();
		assertThat(text(this.order.push(12, out(12)))).containsExactly("push-12");
		// the push for 14 arrives before the node announced 13 as the user's own copy
		assertThat(this.order.push(14, out(14))).isEmpty();
		assertThat(text(this.order.skip(13))).containsExactly("push-14");
		// announced ahead of a missing push
		assertThat(this.order.skip(16)).isEmpty();
		assertThat(this.order.push(17, out(17))).isEmpty();
		assertThat(text(this.order.push(15, out(15)))).containsExactly("push-15", "push-17");
	}

	@Test
	void givingUpReleasesEverythingInOrderAndLaterStragglersStillArrive() {
		this.order.start(10);
		this.order.push(13, out(13));
		this.order.skip(14);
		this.order.push(12, out(12));
		assertThat(text(this.order.releaseAll())).containsExactly("push-12", "push-13");
		assertThat(text(this.order.push(15, out(15)))).containsExactly("push-15");
		assertThat(text(this.order.push(11, out(11)))).as("a straggler is not dropped").containsExactly("push-11");
	}

	@Test
	void withoutAStartTheFirstPushSetsThePace() {
		assertThat(text(this.order.push(40, out(40)))).containsExactly("push-40");
		this.order.start(5);
		assertThat(this.order.push(42, out(42))).isEmpty();
		assertThat(text(this.order.push(41, out(41)))).containsExactly("push-41", "push-42");
	}

	@Test
	void outputsWithoutASeqAreNeverHeld() {
		this.order.start(10);
		this.order.push(12, out(12));
		assertThat(text(this.order.push(0, out(0)))).containsExactly("push-0");
	}

}
