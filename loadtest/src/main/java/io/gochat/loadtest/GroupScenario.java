package io.gochat.loadtest;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gochat.protocol.SessionType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Upstream's benchmark: M users in one group, N of them online; every second S online members
 * each send one group message, for T rounds. Each round should bring S x (N - 1) pushes and S
 * up-ACKs, and leave S x M rows (one copy per member, the sender's included).
 */
@Command(name = "group", mixinStandardHelpOptions = true,
		description = "Group chat as upstream's benchmark (the default scenario).")
final class GroupScenario extends ChatScenario {

	@Option(names = "--members", defaultValue = "500", description = "Group members M (default: ${DEFAULT-VALUE}).")
	int members;

	@Option(names = "--online", defaultValue = "500", description = "Members connected N (default: ${DEFAULT-VALUE}).")
	int onlineMembers;

	@Option(names = "--senders", defaultValue = "500",
			description = "Online members sending one message per round S (default: ${DEFAULT-VALUE}).")
	int senders;

	@Option(names = "--rounds", defaultValue = "1", description = "Rounds T (default: ${DEFAULT-VALUE}).")
	int roundCount;

	@Option(names = "--round-interval-ms", defaultValue = "1000",
			description = "Time between the starts of two rounds (default: ${DEFAULT-VALUE}, as upstream).")
	long roundIntervalMs;

	private long groupId;

	@Override
	String name() {
		return "group";
	}

	@Override
	Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("members", this.members);
		parameters.put("online", this.onlineMembers);
		parameters.put("senders", this.senders);
		parameters.put("rounds", this.roundCount);
		parameters.put("roundIntervalMs", this.roundIntervalMs);
		parameters.put("firstPhone", this.common.phone);
		if (this.groupId != 0) {
			parameters.put("groupId", this.groupId);
		}
		return parameters;
	}

	@Override
	void validate() {
		if (this.members < 2) {
			throw new IllegalArgumentException("--members must be at least 2");
		}
		if (this.onlineMembers < 2 || this.onlineMembers > this.members) {
			throw new IllegalArgumentException("--online must be between 2 and --members");
		}
		if (this.senders < 1 || this.senders > this.onlineMembers) {
			throw new IllegalArgumentException("--senders must be between 1 and --online");
		}
		if (this.roundCount < 1 || this.roundIntervalMs < 1) {
			throw new IllegalArgumentException("--rounds and --round-interval-ms must be positive");
		}
	}

	@Override
	int users() {
		return this.members;
	}

	@Override
	int online() {
		return this.onlineMembers;
	}

	@Override
	void prepare(GoChatRestClient rest, List<UserAccount> users) {
		// a new group every run: its rows are then exactly this run's rows
		long started = System.nanoTime();
		this.groupId = rest.createGroup(users.get(0).token(), "benchmark_test",
				users.stream().map(UserAccount::id).toList());
		System.out.printf("group %d created with %d members in %d ms%n", this.groupId, users.size(),
				(System.nanoTime() - started) / 1_000_000);
	}

	@Override
	long pushesPerMessage() {
		return this.onlineMembers - 1;
	}

	@Override
	DeliveryPlan plan() {
		return DeliveryPlan.group();
	}

	@Override
	int rounds() {
		return this.roundCount;
	}

	@Override
	void send(List<ChatConnection> connections, DeliveryStats stats) throws InterruptedException {
		long start = System.nanoTime();
		long interval = TimeUnit.MILLISECONDS.toNanos(this.roundIntervalMs);
		for (int round = 0; round < this.roundCount; round++) {
			sleepUntil(start + round * interval);
			stats.roundStarted(round, System.nanoTime());
			for (int s = 0; s < this.senders; s++) {
				connections.get(s).sendChat(SessionType.ST_Group, this.groupId, stats.run(), round);
				stats.messageSent(round);
			}
		}
	}

	@Override
	long expectedRows(DeliveryStats stats) {
		return stats.messagesSent() * this.members;
	}

	@Override
	long countRows(MessageRowCounter counter, String run, long baseline) throws SQLException {
		return counter.countGroup(this.groupId, baseline);
	}

}
