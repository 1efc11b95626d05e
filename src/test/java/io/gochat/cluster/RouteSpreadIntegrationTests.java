package io.gochat.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import io.gochat.support.GoChatApi;
import io.gochat.support.LoginOnlyClients;
import io.gochat.support.PrometheusScrape;
import io.gochat.support.RequiredServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /route} over three node processes (127.0.0.2-.4, an etcd of the test's own,
 * the machine's Redis) that start unevenly loaded: 1,000 clients each ask a node (in
 * turn) where to go, then connect there. Afterwards every node holds an even share of all
 * connections, within ±10%.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RouteSpreadIntegrationTests {

	static final int PORT_BASE = 20710;

	static final int CLIENTS = 1000;

	static final int[] PRELOAD = { 200, 100, 0 };

	EtcdProcess etcd;

	final List<NodeProcess> nodes = new ArrayList<>();

	final LoginOnlyClients clients = new LoginOnlyClients(NodeProcess.SIGN_KEY);

	final List<Long> users = new ArrayList<>();

	@BeforeAll
	void startCluster() throws Exception {
		this.etcd = new EtcdProcess().start();
		for (String ip : List.of("127.0.0.2", "127.0.0.3", "127.0.0.4")) {
			this.nodes.add(new NodeProcess(ip, this.etcd.endpoint(), PORT_BASE).start());
		}
		for (NodeProcess node : this.nodes) {
			node.awaitUp();
		}
		this.users.addAll(insertUsers(CLIENTS + PRELOAD[0] + PRELOAD[1] + PRELOAD[2]));
	}

	// straight into the user table: a node logs in only users that exist, and 1,300
	// registrations through REST would take most of the test's time
	static List<Long> insertUsers(int count) throws Exception {
		List<Long> ids = new ArrayList<>();
		long prefix = 17_000_000_000L + ThreadLocalRandom.current().nextLong(100_000) * 10_000;
		try (Connection db = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/gochat", "root", "");
				PreparedStatement insert = db.prepareStatement(
						"INSERT INTO user (phone_number, nickname, password) VALUES (?, 'route', '-')",
						Statement.RETURN_GENERATED_KEYS)) {
			for (int i = 0; i < count; i++) {
				insert.setString(1, Long.toString(prefix + i));
				insert.addBatch();
			}
			insert.executeBatch();
			try (ResultSet keys = insert.getGeneratedKeys()) {
				while (keys.next()) {
					ids.add(keys.getLong(1));
				}
			}
		}
		return ids;
	}

	@AfterAll
	void stopCluster() throws Exception {
		this.clients.close();
		for (NodeProcess node : this.nodes) {
			node.close();
		}
		if (this.etcd != null) {
			this.etcd.close();
		}
	}

	@Test
	void spreadsClientsEvenlyOverUnevenlyLoadedNodes() throws Exception {
		int next = 0;
		for (int i = 0; i < this.nodes.size(); i++) {
			NodeProcess node = this.nodes.get(i);
			for (int n = 0; n < PRELOAD[i]; n++) {
				this.clients.login("ws://" + node.ip + ":" + node.wsPort + "/ws", this.users.get(next++));
			}
		}
		// every node has reported its count to Redis
		RedisClient redisClient = RedisClient.create("redis://127.0.0.1:6379");
		try (StatefulRedisConnection<String, String> redis = redisClient.connect()) {
			await().until(() -> {
				Map<String, String> reported = redis.sync().hgetall("gochat_node_connections");
				for (int i = 0; i < this.nodes.size(); i++) {
					if (!String.valueOf(PRELOAD[i]).equals(reported.get(this.nodes.get(i).rpcAddress()))) {
						return false;
					}
				}
				return true;
			});
		}
		finally {
			redisClient.shutdown();
		}

		Map<String, Integer> answered = new HashMap<>();
		ExecutorService pool = Executors.newFixedThreadPool(16);
		List<Future<String>> routed = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			GoChatApi asked = new GoChatApi(this.nodes.get(c % 3).ip, PORT_BASE);
			long user = this.users.get(next++);
			routed.add(pool.submit(() -> {
				Map<String, Object> route = asked.get("/route", null);
				assertThat(route).containsEntry("code", 200);
				String ws = (String) ((Map<?, ?>) route.get("data")).get("ws");
				this.clients.login(ws, user);
				return ws;
			}));
		}
		for (Future<String> ws : routed) {
			answered.merge(ws.get(), 1, Integer::sum);
		}
		pool.shutdown();

		int total = CLIENTS + PRELOAD[0] + PRELOAD[1] + PRELOAD[2];
		double even = total / 3.0;
		Map<String, Double> online = online();
		assertThat(online.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(total);
		for (Map.Entry<String, Double> node : online.entrySet()) {
			assertThat(node.getValue()).as("connections on %s (routes answered: %s)", node.getKey(), answered)
				.isBetween(even * 0.9, even * 1.1);
		}
	}

	Map<String, Double> online() {
		Map<String, Double> online = new HashMap<>();
		for (NodeProcess node : this.nodes) {
			online.put(node.ip, PrometheusScrape.of(node.ip, node.managementPort).sum("gochat_connections_online"));
		}
		return online;
	}

}
