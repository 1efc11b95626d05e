package io.gochat.loadtest;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ParsingTests {

	@Test
	void messageTagsRoundTripThroughTheContent() {
		MessageTag tag = new MessageTag("1a2b3c4d", 17, 3, 42);

		assertEquals("lt 1a2b3c4d 17 3 42", tag.encode());
		assertEquals(tag, MessageTag.parse(tag.encode()));
		assertEquals("lt 1a2b3c4d ", MessageTag.contentPrefix("1a2b3c4d"));
	}

	@Test
	void contentsOfOtherClientsAreNoTags() {
		assertNull(MessageTag.parse("hello"));
		assertNull(MessageTag.parse("lt run x 1 2"));
		assertNull(MessageTag.parse("xx run 1 1 2"));
		assertNull(MessageTag.parse(""));
	}

	@Test
	void sourceAddressesTakeListsAndRanges() throws Exception {
		List<InetAddress> addresses = SourceAddresses.parse("127.0.0.2-127.0.0.4, 127.0.0.9,127.0.1.1-3");

		assertEquals(List.of(InetAddress.getByName("127.0.0.2"), InetAddress.getByName("127.0.0.3"),
				InetAddress.getByName("127.0.0.4"), InetAddress.getByName("127.0.0.9"),
				InetAddress.getByName("127.0.1.1"), InetAddress.getByName("127.0.1.2"),
				InetAddress.getByName("127.0.1.3")), addresses);
		assertEquals(List.of(), SourceAddresses.parse(null));
		assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.0.9-127.0.0.2"));
		assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("127.0.0.1-127.0.1.1"));
		assertThrows(IllegalArgumentException.class, () -> SourceAddresses.parse("localhost"));
	}

	@Test
	void procLinesGiveRssAndCpuTicks() {
		assertEquals(123456, ServerProcess.parseKb("VmRSS:\t  123456 kB"));
		// a command name with spaces and parentheses must not shift the fields
		String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 40 0 1000 0 0";
		assertEquals(325, ServerProcess.cpuTicks(stat));
	}

	@Test
	void withoutAScenarioTheGroupScenarioRuns() {
		assertArrayEquals(new String[] { "group", "--members", "5" },
				LoadTestMain.withDefaultScenario(new String[] { "--members", "5" }));
		assertArrayEquals(new String[] { "group" }, LoadTestMain.withDefaultScenario(new String[0]));
		assertArrayEquals(new String[] { "single", "--pairs", "2" },
				LoadTestMain.withDefaultScenario(new String[] { "single", "--pairs", "2" }));
		assertArrayEquals(new String[] { "--help" }, LoadTestMain.withDefaultScenario(new String[] { "--help" }));
	}

	@Test
	void rowsAreAwaitedUntilTheyAreAllThere() {
		long[] counts = { 10, 60, 100 };
		int[] call = { 0 };
		long[] clock = { 0 };
		RunSummary.Rows rows = MessageRowCounter.awaitRows(() -> counts[Math.min(call[0]++, 2)], 100, 0, 30_000,
				() -> clock[0] += 1_000_000_000L);

		assertEquals(100L, rows.stored());
		assertEquals(true, rows.complete());
		// the clock advances a second per reading: one for the deadline, one after each count
		assertEquals(4_000, rows.allStoredMs());
	}

	@Test
	void rowsThatDoNotArriveInTimeAreReportedIncomplete() {
		long[] clock = { 0 };
		RunSummary.Rows rows = MessageRowCounter.awaitRows(() -> 42, 100, 0, 1_500,
				() -> clock[0] += 1_000_000_000L);

		assertEquals(42L, rows.stored());
		assertEquals(false, rows.complete());
		assertNull(rows.allStoredMs());
	}

}
