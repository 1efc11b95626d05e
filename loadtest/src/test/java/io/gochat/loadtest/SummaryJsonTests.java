package io.gochat.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryJsonTests {

	@TempDir
	Path dir;

	@Test
	void writesEveryMeasuredPartAndLeavesOutTheOthers() throws Exception {
		DeliveryStats stats = new DeliveryStats("run1", 2, 1, 1, DeliveryPlan.pairs());
		stats.roundStarted(0, 0);
		stats.messageSent(0);
		stats.push(stats.receiver(1), new MessageTag("run1", 0, 0, 1), 1, 100, 105, 5_000_000);
		stats.ack(0, 100, 106, 6_000_000);
		RunSummary.Deliveries deliveries = stats.deliveries();
		RunSummary summary = new RunSummary("single", "run1", "2026-01-01T00:00:00Z", Map.of("pairs", 1),
				new RunSummary.Connections(2, 2, 10, List.of("ws://127.0.0.1:9091/ws"), 0, 0), deliveries,
				stats.rounds(), stats.pushLatency(), stats.ackLatency(),
				new RunSummary.Rows(true, 2, 2L, true, 300L, null), null, null,
				new RunSummary.Generator(1.5, 0.5, 12, 14, 2, "epoll"), true, List.of());

		Path file = this.dir.resolve("out/summary.json");
		SummaryJson.write(summary, file);
		JsonNode json = new ObjectMapper().readTree(Files.readString(file));

		assertEquals("single", json.path("scenario").asText());
		assertEquals(2, json.path("deliveries").path("expected").asLong());
		assertEquals(2, json.path("deliveries").path("received").asLong());
		assertEquals(0, json.path("deliveries").path("lost").asLong());
		assertEquals(6, json.path("deliveries").path("durationMs").asLong());
		assertEquals(5, json.path("latencyMs").path("p50").asLong());
		assertEquals(6, json.path("ackLatencyMs").path("max").asLong());
		assertEquals(6, json.path("rounds").get(0).path("completionMs").asLong());
		assertEquals(300, json.path("rows").path("allStoredMs").asLong());
		assertFalse(json.path("rows").has("error"));
		assertFalse(json.has("server"));
		assertFalse(json.has("idle"));
		assertTrue(json.path("passed").asBoolean());
	}

	@Test
	void failuresNameWhatWentWrong() {
		RunSummary.Deliveries d = new RunSummary.Deliveries(10, 100, 95, 90, 85, 10, 10, 5, 1, 0, 2, 0, 0, 3,
				Map.of("1004", 3L), List.of(), 0, 1000L, 95L);
		RunSummary.Rows rows = new RunSummary.Rows(true, 100, 99L, false, null, null);

		List<String> failures = ChatScenario.failures(d, rows, 1);

		assertEquals(List.of("5 deliveries lost", "1 pushes and 0 up-ACKs duplicated", "2 pushes out of seq order",
				"3 error outputs", "1 connections dropped", "rows: 99 of 100 stored"), failures);
	}

}
