package io.gochat.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;
import io.gochat.gateway.GatewayStatus;
import io.gochat.node.NodeProperties;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.SessionType;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.PrometheusScrape;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Under a small load the node's {@code gochat.*} metrics, scraped from
 * {@code /actuator/prometheus} on the management port, agree with the load's own counts:
 * messages sent, pushes received (none lost), ACKs received. Counters are compared
 * exactly (tolerance 0) once every expected push and ACK has arrived, as deltas over the
 * run, so other tests sharing the node do not matter.
 */
@StandaloneIntegrationTest
class ChatMetricsIntegrationTests {

	static final int MEMBERS = 20;

	static final int SENDERS = 8;

	static final int ROUNDS = 5;

	static final int PAIRS = 5;

	@LocalServerPort
	int httpPort;

	@Autowired
	NodeProperties node;

	@LocalManagementPort
	int managementPort;

	@Autowired
	GatewayStatus gateway;

	final List<ChatClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
	}

	@Test
	void countersMatchWhatTheClientsSentAndReceived() {
		GoChatApi api = new GoChatApi(this.httpPort);
		int wsPort = this.gateway.port();
		List<User> users = new ArrayList<>();
		for (int i = 0; i < MEMBERS; i++) {
			users.add(api.register());
		}
		long group = api.createGroup(users.get(0), users.subList(1, MEMBERS));
		PrometheusScrape before = scrape();
		for (User user : users) {
			this.clients.add(ChatClient.loggedIn(wsPort, user));
		}

		List<long[]> sent = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (int s = 0; s < SENDERS; s++) {
				ChatClient sender = this.clients.get(s);
				sent.add(new long[] { s, sender.sendTo(SessionType.ST_Group, group, "round " + round) });
			}
		}
		for (int p = 0; p < PAIRS; p++) {
			ChatClient sender = this.clients.get(2 * p);
			sent.add(new long[] { 2 * p, sender.sendTo(SessionType.ST_Single, users.get(2 * p + 1).id(), "hi") });
		}
		for (long[] message : sent) {
			this.clients.get((int) message[0]).awaitAck(message[1]);
		}
		int groupMessages = SENDERS * ROUNDS;
		int expectedPushes = groupMessages * (MEMBERS - 1) + PAIRS;
		await().atMost(ChatClient.TIMEOUT)
			.until(() -> this.clients.stream().mapToInt((c) -> c.pushes().size()).sum() == expectedPushes);
		int received = this.clients.stream().mapToInt((c) -> c.pushes().size()).sum();
		PrometheusScrape after = scrape();

		assertThat(received).as("pushes received by the clients (lost: expected - received)").isEqualTo(expectedPushes);
		assertThat(delta(before, after, "gochat_messages_in_total", Map.of("session", "group")))
			.isEqualTo(groupMessages);
		assertThat(delta(before, after, "gochat_messages_in_total", Map.of("session", "single"))).isEqualTo(PAIRS);
		assertThat(delta(before, after, "gochat_pushes_total", Map.of("route", "local"))).isEqualTo(received);
		// one latency observation per frame that carried pushes (or
		// ACKs): at most one per push, at least one per receiving client
		assertThat(delta(before, after, "gochat_push_latency_seconds_count", Map.of("route", "local")))
			.isBetween((double) MEMBERS, (double) received);
		assertThat(delta(before, after, "gochat_ack_latency_seconds_count", Map.of())).isBetween((double) SENDERS,
				(double) sent.size());
		assertThat(delta(before, after, "gochat_logins_total", Map.of())).isEqualTo(MEMBERS);
		assertThat(after.sum("gochat_connections_online")).isGreaterThanOrEqualTo(MEMBERS);
		assertThat(after.sum("gochat_cluster_nodes")).isEqualTo(1);
		assertThat(after.label("gochat_pushes_total", "node")).isEqualTo(this.node.rpcAddress());
		// a histogram, so that percentiles can be computed over nodes and time
		assertThat(after.text()).contains("gochat_push_latency_seconds_bucket{");
	}

	@Test
	void refusalsAreCountedByReasonAndCode() {
		int wsPort = this.gateway.port();
		PrometheusScrape before = scrape();
		try (ChatClient stranger = ChatClient.connect(wsPort)) {
			stranger.send(CmdType.CT_Login,
					LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8("not-a-token")).build());
			stranger.awaitError(1003);
		}
		PrometheusScrape after = scrape();
		assertThat(delta(before, after, "gochat_logins_refused_total", Map.of("reason", "bad-token"))).isEqualTo(1);
		assertThat(delta(before, after, "gochat_errors_total", Map.of("code", "1003"))).isEqualTo(1);
	}

	PrometheusScrape scrape() {
		return PrometheusScrape.of("127.0.0.1", this.managementPort);
	}

	static double delta(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
		return after.sum(name, labels) - before.sum(name, labels);
	}

}
