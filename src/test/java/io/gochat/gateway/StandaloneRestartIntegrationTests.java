package io.gochat.gateway;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.gochat.GoChatApplication;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.UnreachableServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A standalone node keeps users, groups and messages across a restart, and seqs keep
 * increasing.
 */
class StandaloneRestartIntegrationTests {

	static ConfigurableApplicationContext start(Path dataDir) {
		return new SpringApplicationBuilder(GoChatApplication.class).run("--app.mode=standalone",
				"--app.data-dir=" + dataDir, "--server.port=0", "--app.websocket-server-port=0", "--app.rpc-port=19094",
				"--app.password-strength=4", "--log.target=console", "--log.level=info",
				"--" + UnreachableServices.REDIS, "--" + UnreachableServices.RABBITMQ, "--" + UnreachableServices.ETCD);
	}

	static int httpPort(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	static int wsPort(ConfigurableApplicationContext context) {
		return context.getBean(GatewayServer.class).port();
	}

	static List<Message> syncAll(ChatClient client) {
		List<Message> all = new ArrayList<>();
		long seq = 0;
		SyncOutputMsg page;
		do {
			page = client.syncAfter(seq);
			all.addAll(page.getMessagesList());
			if (page.getMessagesCount() > 0) {
				seq = page.getMessages(page.getMessagesCount() - 1).getSeq();
			}
		}
		while (page.getHasMore());
		return all;
	}

	@Test
	void messagesSurviveARestartAndSeqsKeepIncreasing() throws Exception {
		Path dataDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "standalone-restart");
		User alice;
		User bob;
		long groupId;
		long lastSeqBefore;
		try (ConfigurableApplicationContext node = start(dataDir)) {
			GoChatApi api = new GoChatApi(httpPort(node));
			alice = api.register();
			bob = api.register();
			groupId = api.createGroup(alice, List.of(bob));
			try (ChatClient aliceClient = ChatClient.loggedIn(wsPort(node), alice)) {
				for (int i = 0; i < 60; i++) {
					aliceClient.awaitAck(aliceClient.sendTo(SessionType.ST_Single, bob.id(), "before-" + i));
				}
				aliceClient.awaitAck(aliceClient.sendTo(SessionType.ST_Group, groupId, "group-before"));
			}
		}
		try (ConfigurableApplicationContext node = start(dataDir)) {
			GoChatApi api = new GoChatApi(httpPort(node));
			// the accounts and the group survived: log in, list members
			assertThat(
					api.post("/login", null, java.util.Map.of("phone_number", bob.phoneNumber(), "password", "secret")))
				.containsEntry("code", 200);
			// no jwt.sign-key: the key generated on first start was kept, so tokens
			// survive
			assertThat(api.get("/group_user/list?group_id=" + groupId, bob.token())).containsEntry("code", 200);
			Path keyFile = dataDir.resolve("jwt-sign-key");
			assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
				.isEqualTo("rw-------");
			try (ChatClient bobClient = ChatClient.loggedIn(wsPort(node), bob);
					ChatClient aliceClient = ChatClient.loggedIn(wsPort(node), alice)) {
				List<Message> before = syncAll(bobClient);
				assertThat(before).hasSize(61);
				assertThat(before).extracting(Message::getSeq).isSorted().doesNotHaveDuplicates();
				lastSeqBefore = before.get(before.size() - 1).getSeq();

				aliceClient.awaitAck(aliceClient.sendTo(SessionType.ST_Single, bob.id(), "after"));
				org.awaitility.Awaitility.await()
					.atMost(ChatClient.TIMEOUT)
					.until(() -> bobClient.pushes().size() == 1);
				assertThat(bobClient.pushes().get(0).getSeq()).isGreaterThan(lastSeqBefore);
			}
		}
	}

}
