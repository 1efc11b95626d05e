package io.gochat.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.PrometheusScrape;
import io.gochat.support.RequiredServices;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes in processes of their own on 127.0.0.2, .3 and .4, sharing MariaDB, Redis
 * and RabbitMQ, with an etcd of the test's own, all on ports chosen at run time. The
 * tests run in any order: the one that kills a node starts that node itself (on
 * 127.0.0.5), and the one that restarts etcd waits until every node it saw before is
 * registered again.
 */
@ExtendWith(RequiredServices.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterIntegrationTests {

	static final Duration FAILOVER = Duration.ofSeconds(EtcdMembership.LEASE_TTL_SECONDS * 3);

	EtcdProcess etcd;

	final List<NodeProcess> nodes = new ArrayList<>();

	NodeProcess node1;

	NodeProcess node2;

	NodeProcess node3;

	Client etcdClient;

	RedisClient redisClient;

	RedisCommands<String, String> redis;

	GoChatApi api;

	final List<ChatClient> clients = new ArrayList<>();

	@BeforeAll
	void startCluster() throws Exception {
		this.etcd = new EtcdProcess().start();
		this.node1 = node("127.0.0.2");
		this.node2 = node("127.0.0.3");
		this.node3 = node("127.0.0.4");
		for (NodeProcess node : this.nodes) {
			node.start();
		}
		for (NodeProcess node : this.nodes) {
			node.awaitUp();
		}
		this.etcdClient = Client.builder().endpoints(this.etcd.endpoint()).build();
		this.redisClient = RedisClient.create("redis://127.0.0.1:6379");
		this.redis = this.redisClient.connect().sync();
		this.api = new GoChatApi(this.node1.ip, this.node1.httpPort);
		await().atMost(FAILOVER)
			.until(() -> registered()
				.containsAll(Set.of(this.node1.rpcAddress(), this.node2.rpcAddress(), this.node3.rpcAddress())));
	}

	NodeProcess node(String ip) {
		NodeProcess node = new NodeProcess(ip, this.etcd.endpoint());
		this.nodes.add(node);
		return node;
	}

	@AfterEach
	void closeClients() {
		this.clients.forEach(ChatClient::close);
		this.clients.clear();
	}

	@AfterAll
	void stopCluster() throws Exception {
		for (NodeProcess node : this.nodes) {
			node.close();
		}
		if (this.etcdClient != null) {
			this.etcdClient.close();
		}
		if (this.redisClient != null) {
			this.redisClient.shutdown();
		}
		this.etcd.close();
	}

	ChatClient online(NodeProcess node, User user) {
		ChatClient client = ChatClient.loggedIn(node.ip, node.wsPort, user);
		this.clients.add(client);
		return client;
	}

	Set<String> registered() throws Exception {
		Set<String> addresses = new HashSet<>();
		for (KeyValue kv : this.etcdClient.getKVClient()
			.get(ByteSequence.from(EtcdMembership.PREFIX, StandardCharsets.UTF_8),
					GetOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS)
			.getKvs()) {
			assertThat(kv.getValue().toString(StandardCharsets.UTF_8)).isEqualTo(EtcdMembership.addressOf(kv.getKey()));
			addresses.add(kv.getValue().toString(StandardCharsets.UTF_8));
		}
		return addresses;
	}

	static List<String> contents(ChatClient client) {
		return client.pushes().stream().map((m) -> m.getContent().toStringUtf8()).toList();
	}

	@Test
	void logoutOnOneNodeRefusesTheTokenOnAnother() {
		User user = this.api.register();
		User friend = this.api.register();
		GoChatApi api2 = new GoChatApi(this.node2.ip, this.node2.httpPort);
		// accepted on node 2 first, so that node 2 has seen (and cached) the user
		assertThat(api2.get("/group_user/list?group_id=1", user.token())).doesNotContainEntry("msg",
				"invalid token: revoked by logout");
		assertThat(this.api.post("/logout", user.token(), Map.of())).containsEntry("code", 200);

		assertThat(api2.post("/friend/add", user.token(), Map.of("friend_id", friend.id()))).containsEntry("code", -1)
			.containsEntry("msg", "invalid token: revoked by logout");
		ChatClient client = ChatClient.connect(this.node2.ip, this.node2.wsPort);
		this.clients.add(client);
		client.send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(user.token())).build());
		assertThat(client.awaitError(1003).getCodeMsg()).isEqualTo("invalid token: revoked by logout");
	}

	@Test
	void singleChatCrossesNodesInBothDirections() {
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceOn1 = online(this.node1, alice);
		ChatClient bobOn2 = online(this.node2, bob);
		assertThat(this.redis.get("user_online_" + bob.id())).isEqualTo(this.node2.rpcAddress());

		aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Single, bob.id(), "1 to 2"));
		await().atMost(ChatClient.TIMEOUT).until(() -> contents(bobOn2).equals(List.of("1 to 2")));
		bobOn2.awaitAck(bobOn2.sendTo(SessionType.ST_Single, alice.id(), "2 to 1"));
		await().atMost(ChatClient.TIMEOUT).until(() -> contents(aliceOn1).equals(List.of("2 to 1")));
	}

	@Test
	void groupSpreadOverThreeNodesGetsEveryMessageOnce() {
		List<User> members = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			members.add(this.api.register());
		}
		long groupId = this.api.createGroup(members.get(0), members.subList(1, members.size()));
		List<NodeProcess> spread = List.of(this.node1, this.node2, this.node3);
		List<ChatClient> online = new ArrayList<>();
		for (int i = 0; i < members.size(); i++) {
			online.add(online(spread.get(i % 3), members.get(i)));
		}
		int perSender = 3;
		for (int round = 0; round < perSender; round++) {
			for (int s = 0; s < 3; s++) {
				ChatClient sender = online.get(s);
				sender.awaitAck(sender.sendTo(SessionType.ST_Group, groupId, "g-" + s + "-" + round));
			}
		}
		for (int i = 0; i < online.size(); i++) {
			ChatClient client = online.get(i);
			int expected = (i < 3) ? 2 * perSender : 3 * perSender;
			await().atMost(ChatClient.TIMEOUT).until(() -> client.pushes().size() >= expected);
			List<Message> pushes = client.pushes();
			assertThat(pushes).hasSize(expected);
			List<String> expectedContents = new ArrayList<>();
			for (int round = 0; round < perSender; round++) {
				for (int s = 0; s < 3; s++) {
					if (s != i) {
						expectedContents.add("g-" + s + "-" + round);
					}
				}
			}
			assertThat(pushes).extracting((m) -> m.getContent().toStringUtf8())
				.containsExactlyInAnyOrderElementsOf(expectedContents);
			// pushes from three nodes, put back in seq order by the receiving connection
			assertThat(pushes).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
		}
	}

	@Test
	void aReceiverGetsPushesFromSendersOnThreeNodesInSeqOrderWithoutLoss() {
		User receiver = this.api.register();
		List<User> senders = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			senders.add(this.api.register());
		}
		long groupId = this.api.createGroup(receiver, senders);
		List<NodeProcess> spread = List.of(this.node1, this.node2, this.node3);
		ChatClient receiving = online(this.node1, receiver);
		List<ChatClient> sending = new ArrayList<>();
		for (int i = 0; i < senders.size(); i++) {
			sending.add(online(spread.get(i % 3), senders.get(i)));
		}
		PrometheusScrape before = PrometheusScrape.of(this.node1.ip, this.node1.managementPort);
		int perSender = 25;
		List<String> expected = new ArrayList<>();
		// every sender sends without waiting for its ACKs: group and single chat
		// alternate, so pushes reach node 1 on its own pipeline and from both peers
		for (int n = 0; n < perSender; n++) {
			for (int s = 0; s < sending.size(); s++) {
				String text = "o-" + s + "-" + n;
				expected.add(text);
				sending.get(s)
					.sendTo((n % 2 == 0) ? SessionType.ST_Group : SessionType.ST_Single,
							(n % 2 == 0) ? groupId : receiver.id(), text);
			}
			if (n % 5 == 0) {
				// the receiver's own copies take seqs too, and are never pushed to it
				receiving.sendTo(SessionType.ST_Group, groupId, "own-" + n);
			}
		}
		await().atMost(ChatClient.TIMEOUT).until(() -> receiving.pushes().size() >= expected.size());
		for (ChatClient sender : sending) {
			sender.awaitAck(perSender);
		}
		List<Message> pushes = receiving.pushes();
		assertThat(pushes).extracting((m) -> m.getContent().toStringUtf8())
			.containsExactlyInAnyOrderElementsOf(expected);
		assertThat(pushes).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
		PrometheusScrape after = PrometheusScrape.of(this.node1.ip, this.node1.managementPort);
		String givenUp = "gochat_pushes_gaps_given_up_total";
		assertThat(after.sum(givenUp) - before.sum(givenUp)).as("seqs waited for in vain").isZero();
		System.out.println("PUSH ORDER: pushes held on node 1 for a lower seq: "
				+ (after.sum("gochat_pushes_held_total") - before.sum("gochat_pushes_held_total")));
	}

	@Test
	void nodeJoiningLateGetsPushesAndWhenKilledItsUsersLogInElsewhereAndSyncWhatTheyMissed() throws Exception {
		// a node of this test's own: the others stay up for the other tests
		NodeProcess late = node("127.0.0.5").start().awaitUp();
		await().atMost(FAILOVER).until(() -> registered().contains(late.rpcAddress()));
		User alice = this.api.register();
		User carol = this.api.register();
		long groupId = this.api.createGroup(alice, List.of(carol));
		ChatClient aliceOn1 = online(this.node1, alice);
		ChatClient carolOnLate = online(late, carol);
		assertThat(this.redis.get("user_online_" + carol.id())).isEqualTo(late.rpcAddress());
		await().atMost(ChatClient.TIMEOUT).untilAsserted(() -> {
			aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Group, groupId, "welcome"));
			assertThat(contents(carolOnLate)).contains("welcome");
		});

		long killedAt = System.nanoTime();
		late.kill();
		// while the dead node is still registered,
		// sending to its user neither blocks nor loses
		aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Single, carol.id(), "while dying"));
		await().atMost(FAILOVER).until(() -> !registered().contains(late.rpcAddress()));
		long failoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
		System.out.println("FAILOVER: node killed -> dropped from etcd after " + failoverMillis + " ms");
		assertThat(failoverMillis).isLessThanOrEqualTo(FAILOVER.toMillis());

		// node 1 stops routing to the dead node: the stale route is removed when found
		await().atMost(ChatClient.TIMEOUT).untilAsserted(() -> {
			aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Single, carol.id(), "after death"));
			assertThat(this.redis.get("user_online_" + carol.id())).isNull();
		});

		// carol comes back on node 2: not locked out, and sync returns both messages
		this.redis.set("user_online_" + carol.id(), late.rpcAddress());
		ChatClient carolOn2 = online(this.node2, carol);
		assertThat(this.redis.get("user_online_" + carol.id())).isEqualTo(this.node2.rpcAddress());
		await().atMost(ChatClient.TIMEOUT).untilAsserted(() -> {
			SyncOutputMsg sync = carolOn2.syncAfter(0);
			assertThat(sync.getMessagesList()).extracting((m) -> m.getContent().toStringUtf8())
				.contains("while dying", "after death");
		});
	}

	@Test
	void aRegistrationDeletedWhileItsLeaseLivesIsRegisteredAgain() throws Exception {
		Set<String> before = registered();
		String address = this.node3.rpcAddress();
		// the lease keep-alive still answers, so only the periodic listing can notice
		this.etcdClient.getKVClient()
			.delete(ByteSequence.from(EtcdMembership.PREFIX + address, StandardCharsets.UTF_8))
			.get(5, TimeUnit.SECONDS);
		assertThat(registered()).doesNotContain(address);
		await().atMost(Duration.ofSeconds(15)).until(() -> registered().equals(before));
	}

	@Test
	void etcdRestartedEmptyNodesRegisterAgainAndDeliveryResumes() throws Exception {
		Set<String> before = registered();
		this.etcd.stop();
		// the nodes keep serving their users meanwhile
		User alice = this.api.register();
		User bob = this.api.register();
		ChatClient aliceOn1 = online(this.node1, alice);
		ChatClient bobOn2 = online(this.node2, bob);
		aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Single, bob.id(), "etcd is down"));
		await().atMost(ChatClient.TIMEOUT).until(() -> contents(bobOn2).contains("etcd is down"));

		this.etcd.start();
		this.etcdClient.close();
		this.etcdClient = Client.builder().endpoints(this.etcd.endpoint()).build();
		await().atMost(Duration.ofSeconds(30)).until(() -> registered().equals(before));

		long groupId = this.api.createGroup(alice, List.of(bob));
		await().atMost(ChatClient.TIMEOUT).untilAsserted(() -> {
			aliceOn1.awaitAck(aliceOn1.sendTo(SessionType.ST_Group, groupId, "etcd is back"));
			assertThat(contents(bobOn2)).contains("etcd is back");
		});
	}

}
