package io.gochat.cluster;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.gochat.support.GoChatApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fault suite: each fault happens during a running group-chat load
 * ({@link FaultLoad}: {@value FaultLoad#MEMBERS} members, at least
 * {@value FaultLoad#MIN_ROUNDS} rounds of {@value FaultLoad#SENDERS} messages), and ends
 * with the full check: every ACKed message is stored exactly once, reachable by sync, in
 * strictly increasing seq per user, and nothing refused is stored or pushed. Each case
 * prints its row of the table in docs/reliability.md.
 * <p>
 * Two nodes in processes of their own (127.0.0.6 and .7) use a Redis, a RabbitMQ node and
 * an etcd of the test's own, and a database and MariaDB account of their own, so that a
 * fault touches nothing else on the machine. The node kill runs last: the other cases
 * need both nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultSuiteIntegrationTests {

	private static final String DATABASE = "gochat_faults";

	private static final String ACCOUNT = "gochat_faults";

	private static final String ROOT_URL = "jdbc:mysql://127.0.0.1:3306/?user=root";

	private static final Duration DATABASE_DOWN = Duration.ofSeconds(10);

	private final String password = UUID.randomUUID().toString();

	private final List<FaultLoad.Row> rows = new ArrayList<>();

	private EtcdProcess etcd;

	private RedisProcess redis;

	private RabbitProcess rabbit;

	private NodeProcess nodeA;

	private NodeProcess nodeB;

	private GoChatApi api;

	/** The load of the running case. */
	private FaultLoad load;

	@BeforeAll
	void start() throws Exception {
		try (Connection root = DriverManager.getConnection(ROOT_URL); Statement sql = root.createStatement()) {
			sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
			sql.execute("DROP USER IF EXISTS '" + ACCOUNT + "'@'%'");
			sql.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4");
			sql.execute("CREATE USER '" + ACCOUNT + "'@'%' IDENTIFIED BY '" + this.password + "'");
			sql.execute("GRANT ALL ON " + DATABASE + ".* TO '" + ACCOUNT + "'@'%'");
		}
		// assigned before they start, so that @AfterAll stops what a failed start left
		// running
		this.etcd = new EtcdProcess();
		this.etcd.start();
		this.redis = new RedisProcess();
		this.redis.start();
		this.rabbit = new RabbitProcess();
		this.rabbit.start();
		this.nodeA = node("127.0.0.6");
		this.nodeB = node("127.0.0.7");
		this.nodeA.start();
		this.nodeB.start();
		this.nodeA.awaitUp();
		this.nodeB.awaitUp();
		this.api = new GoChatApi(this.nodeA.ip, this.nodeA.httpPort);
		awaitRegistered(Set.of(this.nodeA.rpcAddress(), this.nodeB.rpcAddress()));
	}

	private NodeProcess node(String ip) {
		return new NodeProcess(ip, this.etcd.endpoint(), "--spring.data.redis.port=" + this.redis.port(),
				"--spring.rabbitmq.addresses=" + this.rabbit.address(),
				"--spring.datasource.url=jdbc:mysql://127.0.0.1:3306/" + DATABASE
						+ "?rewriteBatchedStatements=true&characterEncoding=utf8",
				"--spring.datasource.username=" + ACCOUNT, "--spring.datasource.password=" + this.password,
				// the check syncs every history in pages as fast as it can
				"--app.limits.syncs-per-second=1000",
				// two nodes start at once on a busy 2-core machine; etcd's answers can
				// take long
				"--etcd.timeout=15");
	}

	/** Stops the load of a case that failed before its check. */
	@AfterEach
	void stopLoad() {
		if (this.load != null) {
			this.load.close();
			this.load = null;
		}
	}

	@AfterAll
	void stop() throws Exception {
		System.out.println("FAULT SUITE\n" + FaultLoad.Row.HEADER);
		this.rows.forEach(System.out::println);
		for (AutoCloseable closeable : new AutoCloseable[] { this.nodeA, this.nodeB, this.rabbit, this.redis,
				this.etcd }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// the others are stopped all the same
					System.err.println("FAULT SUITE: could not stop " + closeable + ": " + ex);
				}
			}
		}
		try (Connection root = DriverManager.getConnection(ROOT_URL); Statement sql = root.createStatement()) {
			sql.execute("DROP USER IF EXISTS '" + ACCOUNT + "'@'%'");
			sql.execute("DROP DATABASE IF EXISTS " + DATABASE);
		}
	}

	@Test
	@Order(1)
	void redisLosesItsData() throws Exception {
		FaultLoad load = bothNodes("redis restarted empty");
		load.faultStarts();
		this.redis.restartEmpty();
		load.faultEnds();
		assertSafe(load.check(this.nodeA));
	}

	@Test
	@Order(2)
	void rabbitMqRestarted() throws Exception {
		FaultLoad load = bothNodes("rabbitmq stop_app, start_app");
		load.faultStarts();
		try {
			this.rabbit.stopApp();
		}
		finally {
			this.rabbit.startApp();
		}
		load.faultEnds();
		assertSafe(load.check(this.nodeA));
	}

	@Test
	@Order(3)
	void databaseUnavailableForTenSeconds() throws Exception {
		FaultLoad load = bothNodes("database refused 10 s");
		try (Connection root = DriverManager.getConnection(ROOT_URL); Statement sql = root.createStatement()) {
			load.faultStarts();
			sql.execute("ALTER USER '" + ACCOUNT + "'@'%' ACCOUNT LOCK");
			try {
				// the lock refuses new connections; those open are killed
				killConnectionsOf(root);
				await().pollDelay(DATABASE_DOWN).atMost(DATABASE_DOWN.plusSeconds(1)).until(() -> true);
			}
			finally {
				sql.execute("ALTER USER '" + ACCOUNT + "'@'%' ACCOUNT UNLOCK");
			}
			load.faultEnds();
		}
		assertSafe(load.check(this.nodeA));
	}

	@Test
	@Order(4)
	void etcdRestartedEmpty() throws Exception {
		FaultLoad load = bothNodes("etcd restarted empty");
		load.faultStarts();
		this.etcd.stop();
		this.etcd.start();
		load.faultEnds();
		assertSafe(load.check(this.nodeA));
		awaitRegistered(Set.of(this.nodeA.rpcAddress(), this.nodeB.rpcAddress()));
	}

	@Test
	@Order(5)
	void nodeKilledWhileTheOtherServesTheSenders() throws Exception {
		FaultLoad load = bothNodes("node kill -9");
		load.faultStarts();
		this.nodeB.kill();
		// the fault lasts until the other node no longer counts the dead one as a member
		await().atMost(ClusterIntegrationTests.FAILOVER).until(() -> !registered().contains(this.nodeB.rpcAddress()));
		load.faultEnds();
		assertSafe(load.check(this.nodeA));
	}

	private FaultLoad bothNodes(String fault) {
		FaultLoad load = new FaultLoad(fault);
		this.load = load;
		load.start(this.api, this.nodeA, List.of(this.nodeA, this.nodeB));
		load.awaitRound(FaultLoad.FAULT_ROUND);
		return load;
	}

	private void assertSafe(FaultLoad.Row row) {
		this.rows.add(row);
		System.out.println("FAULT " + row);
		assertThat(row.acked()).as("ACKed").isPositive();
		assertThat(row.lost()).as("ACKed but missing from some member's sync").isZero();
		assertThat(row.duplicated()).as("extra copies in sync").isZero();
		assertThat(row.outOfOrder()).as("seqs not strictly increasing in sync").isZero();
		assertThat(row.refusedButStored()).as("refused but stored").isZero();
		assertThat(row.refusedButPushed()).as("refused but pushed").isZero();
		assertThat(row.unanswered()).as("never answered").isZero();
		assertThat(row.recoveryMillis()).as("a message sent after the fault was ACKed").isNotNegative();
	}

	private static void killConnectionsOf(Connection root) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (PreparedStatement query = root
			.prepareStatement("SELECT ID FROM information_schema.PROCESSLIST WHERE USER = ?")) {
			query.setString(1, ACCOUNT);
			try (ResultSet found = query.executeQuery()) {
				while (found.next()) {
					ids.add(found.getLong(1));
				}
			}
		}
		try (Statement kill = root.createStatement()) {
			for (long id : ids) {
				try {
					kill.execute("KILL CONNECTION " + id);
				}
				catch (SQLException ex) {
					// closed by itself meanwhile
				}
			}
		}
	}

	private void awaitRegistered(Set<String> addresses) {
		await().atMost(Duration.ofSeconds(30)).until(() -> registered().containsAll(addresses));
	}

	private Set<String> registered() throws Exception {
		Set<String> addresses = new HashSet<>();
		try (Client client = Client.builder().endpoints(this.etcd.endpoint()).build()) {
			for (KeyValue kv : client.getKVClient()
				.get(ByteSequence.from(EtcdMembership.PREFIX, StandardCharsets.UTF_8),
						GetOption.builder().isPrefix(true).build())
				.get(15, TimeUnit.SECONDS)
				.getKvs()) {
				addresses.add(kv.getValue().toString(StandardCharsets.UTF_8));
			}
		}
		return addresses;
	}

}
