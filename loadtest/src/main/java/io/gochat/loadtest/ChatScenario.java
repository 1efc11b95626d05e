package io.gochat.loadtest;

import java.net.InetAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Mixin;

/**
 * The course of a chatting scenario, shared by {@code group} and {@code single}: register the
 * users, let the scenario prepare (create the group), connect and log in, send, wait for every
 * expected push and up-ACK, wait for the rows, then summarize. Subclasses say who sends what
 * to whom and how many deliveries and rows that makes.
 */
abstract class ChatScenario implements Callable<Integer> {

	/** Exit code of a run whose measurements show a problem. */
	static final int EXIT_FAILED = 1;

	/** Exit code of a run that could not be set up (bad flags, server unreachable, …). */
	static final int EXIT_SETUP = 2;

	@Mixin
	CommonOptions common;

	/** The scenario's name in the summary. */
	abstract String name();

	/** The scenario's own parameters, for the summary. */
	abstract Map<String, Object> parameters();

	/** Throws IllegalArgumentException for inconsistent flags. */
	abstract void validate();

	/** Users to register: phone .. phone + users - 1. */
	abstract int users();

	/** The first {@code online} users connect. */
	abstract int online();

	/** Anything to do with the users before they connect, e.g. creating the group. */
	abstract void prepare(GoChatRestClient rest, List<UserAccount> users);

	/** Pushes each message should cause. */
	abstract long pushesPerMessage();

	abstract DeliveryPlan plan();

	/** Rounds (group) or seconds (single) of sending. */
	abstract int rounds();

	/** Sends everything; returns after the last message was handed to its connection. */
	abstract void send(List<ChatConnection> connections, DeliveryStats stats) throws InterruptedException;

	/** Rows the messages sent should leave in the message table. */
	abstract long expectedRows(DeliveryStats stats);

	/** Counts this run's rows, all of which have ids above {@code baseline}. */
	abstract long countRows(MessageRowCounter counter, String run, long baseline) throws SQLException;

	@Override
	public Integer call() {
		try {
			validate();
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			return EXIT_SETUP;
		}
		String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		double cpuAtStart = GeneratorProcess.cpuSeconds();
		List<InetAddress> sources = SourceAddresses.parse(this.common.sourceAddresses);
		ServerProcess server = (this.common.serverPid != null) ? new ServerProcess(this.common.serverPid) : null;
		if (server != null && !server.exists()) {
			System.err.println("error: no process " + server.pid() + " to read from /proc");
			return EXIT_SETUP;
		}
		System.out.printf("scenario %s, run %s: %s%n", name(), run, parameters());
		Duration setupTimeout = Duration.ofSeconds(this.common.setupTimeoutSeconds);
		List<ChatConnection> connections = List.of();
		double cpuMeasured;
		try (GoChatRestClient rest = new GoChatRestClient(this.common.http);
				WebSocketConnector connector = new WebSocketConnector(this.common.eventLoopThreads(),
						this.common.connectTimeoutSeconds * 1000)) {
			List<UserAccount> users;
			try {
				users = new UserRegistrar(rest, this.common.registerConcurrency, this.common.password)
					.registerOrLogin(this.common.phone, users(), setupTimeout);
				prepare(rest, users);
			}
			catch (RuntimeException ex) {
				System.err.println("error: " + ex.getMessage());
				return EXIT_SETUP;
			}
			Long rssBeforeConnect = (server != null) ? server.rssKb() : null;
			long openStarted = System.nanoTime();
			try {
				connections = new ConnectionOpener(connector, this.common.ws, sources, this.common.connectConcurrency)
					.openAll(users.subList(0, online()), setupTimeout);
			}
			catch (RuntimeException ex) {
				System.err.println("error: " + ex.getMessage());
				return EXIT_SETUP;
			}
			long openMs = (System.nanoTime() - openStarted) / 1_000_000;
			Long rssAfterLogin = (server != null) ? server.rssKb() : null;

			DeliveryStats stats = new DeliveryStats(run, connections.size(), rounds(), pushesPerMessage(), plan());
			connections.forEach((c) -> c.countInto(stats));
			RunSummary.Rows rows;
			try (RowCheck rowCheck = openRowCheck(users);
					HeartbeatScheduler heartbeats = new HeartbeatScheduler(connections, this.common.heartbeatSeconds);
					ProgressPrinter progress = new ProgressPrinter(stats, connections.size())) {
				double cpuBeforeSending = GeneratorProcess.cpuSeconds();
				heartbeats.start();
				// markers for scripts that read the server's CPU time at these moments (side-by-side.sh)
				System.out.println("sending");
				send(connections, stats);
				awaitDeliveries(stats);
				System.out.println("deliveries done");
				progress.print();
				rows = awaitRows(rowCheck, stats, run);
				cpuMeasured = GeneratorProcess.cpuSeconds() - cpuBeforeSending;
			}
			double cpuAfterRun = GeneratorProcess.cpuSeconds();
			Long rssAfterRun = (server != null) ? server.rssKb() : null;
			long disconnected = stats.disconnects();

			RunSummary.Deliveries deliveries = stats.deliveries();
			List<String> failures = failures(deliveries, rows, disconnected);
			RunSummary summary = new RunSummary(name(), run, startedAt.toString(), parameters(),
					new RunSummary.Connections(online(), connections.size(), openMs,
							this.common.ws.stream().map(Object::toString).toList(), sources.size(), disconnected),
					deliveries, stats.rounds(), stats.pushLatency(), stats.ackLatency(), rows,
					(server != null) ? new RunSummary.Server(server.pid(), rssBeforeConnect, rssAfterLogin, rssAfterRun,
							bytesPerConnection(rssBeforeConnect, rssAfterLogin, connections.size())) : null,
					null,
					new RunSummary.Generator(round2(cpuAfterRun - cpuAtStart), round2(cpuMeasured),
							GeneratorProcess.threads(), GeneratorProcess.peakThreads(), connector.threads(),
							connector.transport()),
					failures.isEmpty(), failures);
			return report(summary, this.common);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.err.println("error: interrupted");
			return EXIT_SETUP;
		}
		finally {
			connections.forEach(ChatConnection::close);
		}
	}

	/** Waits until every expected push and up-ACK arrived, or the timeout passed. */
	private void awaitDeliveries(DeliveryStats stats) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.common.timeoutSeconds);
		while (!stats.complete() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
	}

	/**
	 * Connects to the database and notes the highest message id before anything is sent; a
	 * database that cannot be reached leaves the rows unchecked rather than failing the run.
	 */
	private RowCheck openRowCheck(List<UserAccount> users) {
		if (this.common.noDbCheck) {
			return new RowCheck(null, 0, "--no-db-check");
		}
		try {
			MessageRowCounter counter = new MessageRowCounter(this.common.jdbcUrl, this.common.jdbcUser,
					this.common.jdbcPassword);
			try {
				String mismatch = counter.mismatchedUsers(users);
				if (mismatch != null) {
					counter.close();
					String why = "not the node's database (" + mismatch
							+ "); a standalone node keeps its rows in its embedded H2, which cannot be counted from outside";
					System.err.println("rows will not be counted: " + why);
					return new RowCheck(null, 0, why);
				}
				return new RowCheck(counter, counter.baseline(), null);
			}
			catch (SQLException ex) {
				counter.close();
				throw ex;
			}
		}
		catch (SQLException ex) {
			System.err.println("cannot count rows: " + ex.getMessage());
			return new RowCheck(null, 0, ex.getMessage());
		}
	}

	private RunSummary.Rows awaitRows(RowCheck check, DeliveryStats stats, String run) {
		long expected = expectedRows(stats);
		if (check.counter() == null) {
			return new RunSummary.Rows(false, expected, null, false, null, check.error());
		}
		RunSummary.Rows rows = MessageRowCounter.awaitRows(() -> countRows(check.counter(), run, check.baseline()),
				expected, stats.firstSendNanos(), this.common.timeoutSeconds * 1000L, System::nanoTime);
		System.out.printf("rows: %s/%d stored%n", rows.stored(), expected);
		return rows;
	}

	/** The database connection for counting rows, or why there is none. */
	private record RowCheck(MessageRowCounter counter, long baseline, String error) implements AutoCloseable {

		@Override
		public void close() {
			if (this.counter != null) {
				this.counter.close();
			}
		}

	}

	static List<String> failures(RunSummary.Deliveries d, RunSummary.Rows rows, long disconnected) {
		List<String> failures = new ArrayList<>();
		if (d.lost() > 0) {
			failures.add(d.lost() + " deliveries lost");
		}
		if (d.duplicated() > 0 || d.duplicatedAcks() > 0) {
			failures.add(d.duplicated() + " pushes and " + d.duplicatedAcks() + " up-ACKs duplicated");
		}
		if (d.outOfOrder() > 0) {
			failures.add(d.outOfOrder() + " pushes out of seq order");
		}
		if (d.errors() > 0) {
			failures.add(d.errors() + " error outputs");
		}
		if (disconnected > 0) {
			failures.add(disconnected + " connections dropped");
		}
		if (rows != null && rows.checked() && !rows.complete()) {
			failures.add("rows: " + rows.stored() + " of " + rows.expected() + " stored");
		}
		return failures;
	}

	/** Prints the summary, writes the JSON if asked, and answers the exit code. */
	static int report(RunSummary summary, CommonOptions common) {
		SummaryPrinter.print(summary, System.out);
		if (common.json != null) {
			SummaryJson.write(summary, common.json);
			System.out.println("json:        " + common.json.toAbsolutePath());
		}
		return summary.passed() ? 0 : EXIT_FAILED;
	}

	static Long bytesPerConnection(Long rssBeforeKb, Long rssAfterKb, int connections) {
		if (rssBeforeKb == null || rssAfterKb == null || connections == 0) {
			return null;
		}
		return (rssAfterKb - rssBeforeKb) * 1024 / connections;
	}

	static double round2(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/** Sleeps until {@code System.nanoTime()} reaches {@code deadline}. */
	static void sleepUntil(long deadline) throws InterruptedException {
		long left = deadline - System.nanoTime();
		if (left > 0) {
			TimeUnit.NANOSECONDS.sleep(left);
		}
	}

}
