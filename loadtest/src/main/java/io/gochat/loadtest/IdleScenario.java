package io.gochat.loadtest;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What idle connections cost the server: N logged-in connections held for a while, sending
 * only heartbeats. Reports the server's resident memory before connecting and after, so bytes
 * per connection, and the server's CPU time during the hold, so cores used while idle.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
		description = "Hold N logged-in connections; report server memory per connection and idle CPU.")
final class IdleScenario implements Callable<Integer> {

	private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

	@Mixin
	CommonOptions common;

	@Option(names = "--online", defaultValue = "500", description = "Connections N (default: ${DEFAULT-VALUE}).")
	int online;

	@Option(names = "--hold", defaultValue = "60", description = "Seconds to hold them (default: ${DEFAULT-VALUE}).")
	int holdSeconds;

	@Option(names = "--settle", defaultValue = "20",
			description = "Seconds to hold them before measuring, so that the server's after-effects of the logins"
					+ " (compilation, garbage collection) are not counted as idle cost (default: ${DEFAULT-VALUE}).")
	int settleSeconds;

	@Override
	public Integer call() {
		if (this.online < 1 || this.holdSeconds < 1 || this.settleSeconds < 0) {
			System.err.println("error: --online and --hold must be positive, --settle not negative");
			return ChatScenario.EXIT_SETUP;
		}
		String run = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		double cpuAtStart = GeneratorProcess.cpuSeconds();
		List<InetAddress> sources = SourceAddresses.parse(this.common.sourceAddresses);
		ServerProcess server = (this.common.serverPid != null) ? new ServerProcess(this.common.serverPid) : null;
		if (server != null && !server.exists()) {
			System.err.println("error: no process " + server.pid() + " to read from /proc");
			return ChatScenario.EXIT_SETUP;
		}
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("online", this.online);
		parameters.put("holdSeconds", this.holdSeconds);
		parameters.put("settleSeconds", this.settleSeconds);
		parameters.put("heartbeatSeconds", this.common.heartbeatSeconds);
		parameters.put("firstPhone", this.common.phone);
		System.out.printf("scenario idle, run %s: %s%n", run, parameters);
		Duration setupTimeout = Duration.ofSeconds(this.common.setupTimeoutSeconds);
		List<ChatConnection> connections = List.of();
		try (GoChatRestClient rest = new GoChatRestClient(this.common.http);
				WebSocketConnector connector = new WebSocketConnector(this.common.eventLoopThreads(),
						this.common.connectTimeoutSeconds * 1000)) {
			List<UserAccount> users;
			try {
				users = new UserRegistrar(rest, this.common.registerConcurrency, this.common.password)
					.registerOrLogin(this.common.phone, this.online, setupTimeout);
			}
			catch (RuntimeException ex) {
				System.err.println("error: " + ex.getMessage());
				return ChatScenario.EXIT_SETUP;
			}
			Long rssBefore = (server != null) ? server.rssKb() : null;
			long openStarted = System.nanoTime();
			try {
				connections = new ConnectionOpener(connector, this.common.ws, sources, this.common.connectConcurrency)
					.openAll(users, setupTimeout);
			}
			catch (RuntimeException ex) {
				System.err.println("error: " + ex.getMessage());
				return ChatScenario.EXIT_SETUP;
			}
			long openMs = (System.nanoTime() - openStarted) / 1_000_000;
			Long rssAfterLogin = (server != null) ? server.rssKb() : null;

			double generatorCpuBefore;
			Double serverCpuBefore;
			long holdStarted;
			long heartbeatsSent;
			try (HeartbeatScheduler heartbeats = new HeartbeatScheduler(connections, this.common.heartbeatSeconds)) {
				heartbeats.start();
				hold(connections, System.nanoTime() + TimeUnit.SECONDS.toNanos(this.settleSeconds));
				long heartbeatsBefore = heartbeats.sent();
				generatorCpuBefore = GeneratorProcess.cpuSeconds();
				serverCpuBefore = (server != null) ? server.cpuSeconds() : null;
				holdStarted = System.nanoTime();
				hold(connections, holdStarted + TimeUnit.SECONDS.toNanos(this.holdSeconds));
				heartbeatsSent = heartbeats.sent() - heartbeatsBefore;
			}
			long holdMs = (System.nanoTime() - holdStarted) / 1_000_000;
			Double serverCpuAfter = (server != null) ? server.cpuSeconds() : null;
			double generatorCpuAfter = GeneratorProcess.cpuSeconds();
			Long rssAfterHold = (server != null) ? server.rssKb() : null;
			long dropped = connections.stream().filter((c) -> !c.isOpen()).count();

			Double serverCpu = (serverCpuBefore != null && serverCpuAfter != null)
					? ChatScenario.round2(serverCpuAfter - serverCpuBefore) : null;
			Double cores = (serverCpu != null) ? Math.round(serverCpu * 1000.0 / holdMs * 10_000) / 10_000.0 : null;
			List<String> failures = new ArrayList<>();
			if (dropped > 0) {
				failures.add(dropped + " connections dropped during the hold");
			}
			RunSummary summary = new RunSummary("idle", run, startedAt.toString(), parameters,
					new RunSummary.Connections(this.online, connections.size(), openMs,
							this.common.ws.stream().map(Object::toString).toList(), sources.size(), dropped),
					null, null, null, null, null,
					(server != null) ? new RunSummary.Server(server.pid(), rssBefore, rssAfterLogin, rssAfterHold,
							ChatScenario.bytesPerConnection(rssBefore, rssAfterLogin, connections.size())) : null,
					new RunSummary.Idle(holdMs, heartbeatsSent, serverCpu, cores,
							ChatScenario.round2(generatorCpuAfter - generatorCpuBefore)),
					new RunSummary.Generator(ChatScenario.round2(generatorCpuAfter - cpuAtStart),
							ChatScenario.round2(generatorCpuAfter - generatorCpuBefore), GeneratorProcess.threads(),
							GeneratorProcess.peakThreads(), connector.threads(), connector.transport()),
					failures.isEmpty(), failures);
			return ChatScenario.report(summary, this.common);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			System.err.println("error: interrupted");
			return ChatScenario.EXIT_SETUP;
		}
		finally {
			connections.forEach(ChatConnection::close);
		}
	}

	private static void hold(List<ChatConnection> connections, long until) throws InterruptedException {
		long nextProgress = System.nanoTime() + PROGRESS_NANOS;
		while (System.nanoTime() < until) {
			ChatScenario.sleepUntil(Math.min(until, nextProgress));
			if (System.nanoTime() >= nextProgress) {
				long open = connections.stream().filter(ChatConnection::isOpen).count();
				System.out.printf("holding: %d/%d connections open, %d s left%n", open, connections.size(),
						Math.max(0, TimeUnit.NANOSECONDS.toSeconds(until - System.nanoTime())));
				nextProgress += PROGRESS_NANOS;
			}
		}
	}

}
