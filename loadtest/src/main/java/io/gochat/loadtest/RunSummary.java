package io.gochat.loadtest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Everything a run measured; printed for people by {@link SummaryPrinter} and written as JSON
 * by {@link SummaryJson}. Parts a scenario does not measure are null and left out of the JSON.
 * Times are milliseconds, sizes bytes or kilobytes as named.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record RunSummary(String scenario, String run, String startedAt, Map<String, Object> parameters,
		Connections connections, Deliveries deliveries, List<Round> rounds, Latency latencyMs, Latency ackLatencyMs,
		Rows rows, Server server, Idle idle, Generator generator, boolean passed, List<String> failures) {

	/** Opening and logging in the WebSocket connections. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Connections(int requested, int loggedIn, long openMs, List<String> endpoints, int sourceAddresses,
			long disconnected) {
	}

	/**
	 * Pushes and up-ACKs: expected counts follow from the messages sent; received counts each
	 * message once per receiver; lost = expected - received.
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Deliveries(long messagesSent, long expected, long received, long pushesExpected, long pushesReceived,
			long acksExpected, long acksReceived, long lost, long duplicated, long duplicatedAcks, long outOfOrder,
			long unexpected, long foreign, long errors, Map<String, Long> errorsByCode, List<String> errorSamples,
			long retransmits, Long durationMs, Long perSecond) {
	}

	/** One round (group) or one second (single) of sending. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Round(int round, long expected, long received, Long completionMs) {
	}

	/** A latency distribution in milliseconds (HdrHistogram, 3 significant digits). */
	record Latency(long count, long p50, long p90, long p99, long p999, long max, double mean) {
	}

	/** Rows of this run in the message table. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Rows(boolean checked, long expected, Long stored, boolean complete, Long allStoredMs, String error) {
	}

	/** The server process, read from /proc when its pid was given. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Server(long pid, Long rssBeforeConnectKb, Long rssAfterLoginKb, Long rssAfterRunKb,
			Long bytesPerConnection) {
	}

	/** The idle scenario: holding logged-in connections. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Idle(long holdMs, long heartbeatsSent, Double serverCpuSeconds, Double serverCoresUsed,
			Double generatorCpuSeconds) {
	}

	/** This generator's own cost. */
	record Generator(double cpuSeconds, double cpuSecondsMeasured, int threads, int peakThreads,
			int eventLoopThreads, String transport) {
	}

}
