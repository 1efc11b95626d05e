package io.gochat.loadtest;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gochat.protocol.SessionType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One-to-one chat: P pairs of online users (users 2i and 2i+1), each user sending its partner
 * K messages per second, evenly spread over the second, for T seconds. Each message should
 * bring one push and one up-ACK and leave two rows (sender's and receiver's copy).
 */
@Command(name = "single", mixinStandardHelpOptions = true, description = "Pairs of users chatting one to one.")
final class SingleScenario extends ChatScenario {

	@Option(names = "--pairs", defaultValue = "250", description = "Pairs of users P (default: ${DEFAULT-VALUE}).")
	int pairs;

	@Option(names = "--per-second", defaultValue = "1",
			description = "Messages each user sends per second K, at most 1000 (default: ${DEFAULT-VALUE}).")
	int perSecond;

	@Option(names = "--seconds", defaultValue = "10", description = "Seconds of sending T (default: ${DEFAULT-VALUE}).")
	int seconds;

	@Override
	String name() {
		return "single";
	}

	@Override
	Map<String, Object> parameters() {
		Map<String, Object> parameters = new LinkedHashMap<>();
		parameters.put("pairs", this.pairs);
		parameters.put("perSecond", this.perSecond);
		parameters.put("seconds", this.seconds);
		parameters.put("firstPhone", this.common.phone);
		return parameters;
	}

	@Override
	void validate() {
		if (this.pairs < 1 || this.seconds < 1) {
			throw new IllegalArgumentException("--pairs and --seconds must be positive");
		}
		if (this.perSecond < 1 || this.perSecond > 1000) {
			throw new IllegalArgumentException("--per-second must be between 1 and 1000");
		}
	}

	@Override
	int users() {
		return 2 * this.pairs;
	}

	@Override
	int online() {
		return 2 * this.pairs;
	}

	@Override
	void prepare(GoChatRestClient rest, List<UserAccount> users) {
		// single chat needs no friendship on the server (nor upstream): nothing to prepare
	}

	@Override
	long pushesPerMessage() {
		return 1;
	}

	@Override
	DeliveryPlan plan() {
		return DeliveryPlan.pairs();
	}

	@Override
	int rounds() {
		return this.seconds;
	}

	@Override
	void send(List<ChatConnection> connections, DeliveryStats stats) throws InterruptedException {
		long start = System.nanoTime();
		long ticks = (long) this.seconds * this.perSecond;
		for (long tick = 0; tick < ticks; tick++) {
			sleepUntil(start + tick * 1_000_000_000L / this.perSecond);
			int second = (int) (tick / this.perSecond);
			stats.roundStarted(second, System.nanoTime());
			for (ChatConnection sender : connections) {
				long partnerId = connections.get(sender.index() ^ 1).user().id();
				sender.sendChat(SessionType.ST_Single, partnerId, stats.run(), second);
				stats.messageSent(second);
			}
		}
	}

	@Override
	long expectedRows(DeliveryStats stats) {
		return stats.messagesSent() * 2;
	}

	@Override
	long countRows(MessageRowCounter counter, String run, long baseline) throws SQLException {
		return counter.countSingle(MessageTag.contentPrefix(run), baseline);
	}

}
