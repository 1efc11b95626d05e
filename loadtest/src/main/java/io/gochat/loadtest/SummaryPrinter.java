package io.gochat.loadtest;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The human-readable form of a {@link RunSummary}: a handful of lines, one per topic. */
final class SummaryPrinter {

	// rounds listed one per line up to this many; beyond, only the slowest and the sum
	private static final int ROUNDS_LISTED = 10;

	private SummaryPrinter() {
	}

	static void print(RunSummary s, PrintStream out) {
		out.println();
		out.println("==== summary: scenario " + s.scenario() + ", run " + s.run() + ", started " + s.startedAt());
		out.println("parameters:  " + s.parameters().entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining(", ")));
		RunSummary.Connections c = s.connections();
		if (c != null) {
			out.printf(Locale.ROOT, "connections: %d/%d logged in in %d ms to %s from %s, %d disconnected%n",
					c.loggedIn(), c.requested(), c.openMs(), c.endpoints(),
					c.sourceAddresses() == 0 ? "the default source address" : c.sourceAddresses() + " source addresses",
					c.disconnected());
		}
		RunSummary.Deliveries d = s.deliveries();
		if (d != null) {
			out.printf(Locale.ROOT, "deliveries:  expected %d, received %d (pushes %d/%d, up-ACKs %d/%d) from %d messages%n",
					d.expected(), d.received(), d.pushesReceived(), d.pushesExpected(), d.acksReceived(),
					d.acksExpected(), d.messagesSent());
			out.printf(Locale.ROOT, "problems:    lost %d, duplicated %d (ACKs %d), out of order %d, unexpected %d, foreign %d, errors %d %s, retransmits %d%n",
					d.lost(), d.duplicated(), d.duplicatedAcks(), d.outOfOrder(), d.unexpected(), d.foreign(),
					d.errors(), d.errorsByCode(), d.retransmits());
			for (String sample : d.errorSamples()) {
				out.println("  error:     " + sample);
			}
			if (d.durationMs() != null) {
				out.printf(Locale.ROOT, "throughput:  %d deliveries in %d ms (first send to last receipt) = %d per second%n",
						d.received(), d.durationMs(), d.perSecond());
			}
		}
		if (s.rounds() != null && !s.rounds().isEmpty()) {
			printRounds(s.rounds(), out);
		}
		if (s.latencyMs() != null) {
			printLatency("latency:     send_time to push", s.latencyMs(), out);
		}
		if (s.ackLatencyMs() != null) {
			printLatency("ack latency: send_time to up-ACK", s.ackLatencyMs(), out);
		}
		RunSummary.Rows r = s.rows();
		if (r != null) {
			if (!r.checked()) {
				out.println("rows:        not checked" + (r.error() != null ? " (" + r.error() + ")" : ""));
			}
			else {
				out.printf(Locale.ROOT, "rows:        %s/%d in the message table%s%s%n",
						r.stored() == null ? "?" : r.stored().toString(), r.expected(),
						r.complete() && r.allStoredMs() != null ? ", all stored " + r.allStoredMs() + " ms after the first send" : ", INCOMPLETE",
						r.error() != null ? " (" + r.error() + ")" : "");
			}
		}
		RunSummary.Server sv = s.server();
		if (sv != null) {
			out.printf(Locale.ROOT, "server:      pid %d, VmRSS before connecting %s, after login %s, after the run %s; %s per connection%n",
					sv.pid(), kb(sv.rssBeforeConnectKb()), kb(sv.rssAfterLoginKb()), kb(sv.rssAfterRunKb()),
					sv.bytesPerConnection() == null ? "?" : bytes(sv.bytesPerConnection()));
		}
		RunSummary.Idle idle = s.idle();
		if (idle != null) {
			out.printf(Locale.ROOT, "idle hold:   %d ms, %d heartbeats sent; server CPU %s s = %s cores; generator CPU %s s%n",
					idle.holdMs(), idle.heartbeatsSent(), num(idle.serverCpuSeconds(), 2),
					num(idle.serverCoresUsed(), 4), num(idle.generatorCpuSeconds(), 2));
		}
		RunSummary.Generator g = s.generator();
		out.printf(Locale.ROOT, "generator:   CPU %.2f s in all, %.2f s while measuring; %d threads (peak %d), %d event loops (%s)%n",
				g.cpuSeconds(), g.cpuSecondsMeasured(), g.threads(), g.peakThreads(), g.eventLoopThreads(),
				g.transport());
		out.println("result:      " + (s.passed() ? "PASS" : "FAIL: " + String.join("; ", s.failures())));
	}

	private static void printRounds(List<RunSummary.Round> rounds, PrintStream out) {
		if (rounds.size() <= ROUNDS_LISTED) {
			for (RunSummary.Round round : rounds) {
				out.printf(Locale.ROOT, "round %-5d  %d/%d delivered, %s%n", round.round(), round.received(),
						round.expected(), round.completionMs() == null ? "incomplete" : "complete in " + round.completionMs() + " ms");
			}
			return;
		}
		long complete = rounds.stream().filter((r) -> r.completionMs() != null).count();
		long slowest = rounds.stream().filter((r) -> r.completionMs() != null).mapToLong(RunSummary.Round::completionMs).max().orElse(0);
		double mean = rounds.stream().filter((r) -> r.completionMs() != null).mapToLong(RunSummary.Round::completionMs).average().orElse(0);
		out.printf(Locale.ROOT, "rounds:      %d/%d complete; completion mean %.0f ms, slowest %d ms%n", complete,
				rounds.size(), mean, slowest);
	}

	private static void printLatency(String label, RunSummary.Latency l, PrintStream out) {
		out.printf(Locale.ROOT, "%s ms: p50 %d, p90 %d, p99 %d, p99.9 %d, max %d, mean %.2f (n=%d)%n", label, l.p50(),
				l.p90(), l.p99(), l.p999(), l.max(), l.mean(), l.count());
	}

	private static String kb(Long kb) {
		return kb == null ? "?" : bytes(kb * 1024);
	}

	private static String bytes(long bytes) {
		if (Math.abs(bytes) >= 10L * 1024 * 1024) {
			return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
		}
		if (Math.abs(bytes) >= 10L * 1024) {
			return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
		}
		return bytes + " B";
	}

	private static String num(Double value, int decimals) {
		return value == null ? "?" : String.format(Locale.ROOT, "%." + decimals + "f", value);
	}

}
