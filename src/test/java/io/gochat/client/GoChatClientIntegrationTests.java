package io.gochat.client;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.gochat.protocol.Message;
import io.gochat.support.GoChatApi;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Java SDK against a standalone node: ACKs, pushes, refusals, sync paging on connect,
 * a seq gap repaired by sync, and reconnecting after the network drops.
 */
@StandaloneIntegrationTest
class GoChatClientIntegrationTests {

	@LocalServerPort
	int httpPort;

	private GoChatRest rest;

	private URI ws;

	private final List<GoChatClient> clients = new CopyOnWriteArrayList<>();

	@BeforeEach
	void setUp() {
		this.rest = new GoChatApi(this.httpPort).rest();
		this.ws = this.rest.webSocketUri();
	}

	@AfterEach
	void tearDown() {
		this.clients.forEach(GoChatClient::close);
	}

	@Test
	void findsTheWebSocketAddressFromTheNode() {
		assertThat(this.ws.toString()).startsWith("ws://").endsWith("/ws").doesNotContain(":9091");
	}

	@Test
	void sendIsAcknowledgedAndPushedToTheReceiver() throws Exception {
		GoChatRest.Account alice = register("alice");
		GoChatRest.Account bob = register("bob");
		Inbox bobInbox = new Inbox();
		GoChatClient a = connected(alice, new Inbox());
		connected(bob, bobInbox);

		GoChatClient.Sent sent = a.sendToUser(bob.userId(), "hello bob").get(20, TimeUnit.SECONDS);

		assertThat(sent.seq()).isPositive();
		assertThat(sent.clientId()).isEqualTo(1);
		await().untilAsserted(() -> assertThat(bobInbox.texts()).containsExactly("hello bob"));
		assertThat(bobInbox.live).containsOnly(true);
		assertThat(bobInbox.messages.get(0).getSenderId()).isEqualTo(alice.userId());
	}

	@Test
	void refusedSendFailsWithTheServersCode() throws Exception {
		GoChatClient a = connected(register("alice"), new Inbox());

		assertThatThrownBy(() -> a.sendToUser(999_999_999L, "nobody").get(20, TimeUnit.SECONDS))
			.isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(ServerErrorException.class, (ex) -> assertThat(ex.code()).isEqualTo(1005));
		// the refused clientId was consumed: the next send still goes through
		GoChatRest.Account bob = register("bob");
		assertThat(a.sendToUser(bob.userId(), "next").get(20, TimeUnit.SECONDS).clientId()).isEqualTo(2);
	}

	@Test
	void badTokenFailsTheConnect() {
		GoChatRest.Account alice = register("alice");
		String forged = alice.token().substring(0, alice.token().lastIndexOf('.') + 1) + "AAAA";
		GoChatClient client = track(GoChatClient.builder(this.ws, forged).build());

		assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS)).cause()
			.isInstanceOfSatisfying(ServerErrorException.class, (ex) -> assertThat(ex.code()).isEqualTo(1003));
		assertThat(client.state()).isEqualTo(GoChatClient.State.CLOSED);
	}

	@Test
	void connectSyncsEverythingMissedPageByPage() throws Exception {
		GoChatRest.Account alice = register("alice");
		GoChatRest.Account bob = register("bob");
		GoChatClient a = connected(alice, new Inbox());
		for (int i = 1; i <= 120; i++) {
			a.sendToUser(bob.userId(), "m" + i).get(20, TimeUnit.SECONDS);
		}
		Inbox bobInbox = new Inbox();

		GoChatClient b = connected(bob, bobInbox);

		// three pages of at most 50
		assertThat(bobInbox.texts()).hasSize(120).startsWith("m1", "m2").endsWith("m119", "m120");
		assertThat(bobInbox.live).containsOnly(false);
		assertThat(b.lastSeq()).isEqualTo(120);
		assertThat(b.history(100).get(20, TimeUnit.SECONDS)).extracting(Message::getSeq)
			.containsExactly(101L, 102L, 103L, 104L, 105L, 106L, 107L, 108L, 109L, 110L, 111L, 112L, 113L, 114L, 115L,
					116L, 117L, 118L, 119L, 120L);
	}

	@Test
	void aSeqGapIsFilledBySync() throws Exception {
		GoChatRest.Account alice = register("alice");
		GoChatRest.Account bob = register("bob");
		GoChatClient a = connected(alice, new Inbox());
		Inbox bobInbox = new Inbox();
		GoChatClient b = connected(bob, bobInbox);
		b.discardNextPushes(3);

		for (int i = 1; i <= 4; i++) {
			a.sendToUser(bob.userId(), "m" + i).get(20, TimeUnit.SECONDS);
		}

		// m4's seq jumps over three: the client syncs and finds them
		await().untilAsserted(() -> assertThat(bobInbox.texts()).containsExactlyInAnyOrder("m1", "m2", "m3", "m4"));
		assertThat(bobInbox.texts().get(0)).isEqualTo("m4");
		await().untilAsserted(() -> assertThat(b.lastSeq()).isEqualTo(4));
	}

	@Test
	void downstreamAcksKeepTheNodeFromSendingPushesAgain() throws Exception {
		GoChatRest.Account alice = register("alice");
		GoChatRest.Account bob = register("bob");
		GoChatClient a = connected(alice, new Inbox());
		Inbox bobInbox = new Inbox();
		GoChatClient b = track(
				GoChatClient.builder(this.ws, bob.token()).listener(bobInbox).downstreamAcks(true).build());
		b.connect().get(20, TimeUnit.SECONDS);

		for (int i = 1; i <= 3; i++) {
			a.sendToUser(bob.userId(), "m" + i).get(20, TimeUnit.SECONDS);
		}

		await().untilAsserted(() -> assertThat(bobInbox.texts()).containsExactly("m1", "m2", "m3"));
		// past app.push-ack.timeout (5 s): acknowledged pushes are not sent again, the
		// connection stays
		await().during(java.time.Duration.ofSeconds(7))
			.atMost(java.time.Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(b.pushesReceived()).isEqualTo(3));
		assertThat(bobInbox.texts()).hasSize(3);
		assertThat(b.state()).isEqualTo(GoChatClient.State.ONLINE);
		assertThat(bobInbox.states).doesNotContain(GoChatClient.State.RECONNECTING);
	}

	@Test
	void reconnectsAfterTheNetworkDropsAndCatchesUp() throws Exception {
		GoChatRest.Account alice = register("alice");
		GoChatRest.Account bob = register("bob");
		GoChatClient a = connected(alice, new Inbox());
		Inbox bobInbox = new Inbox();
		GoChatClient b = track(GoChatClient.builder(this.ws, bob.token())
			.listener(bobInbox)
			.reconnectBackoff(java.time.Duration.ofMillis(300), java.time.Duration.ofSeconds(1))
			.build());
		b.connect().get(20, TimeUnit.SECONDS);

		b.dropConnection();
		await().until(() -> b.state() != GoChatClient.State.ONLINE);
		a.sendToUser(bob.userId(), "while you were away").get(20, TimeUnit.SECONDS);
		// bob sends while reconnecting: it goes out once he is back
		GoChatClient.Sent reply = b.sendToUser(alice.userId(), "back").get(30, TimeUnit.SECONDS);

		assertThat(reply.seq()).isPositive();
		await().untilAsserted(() -> assertThat(bobInbox.texts()).containsExactly("while you were away"));
		assertThat(b.state()).isEqualTo(GoChatClient.State.ONLINE);
		assertThat(bobInbox.states).contains(GoChatClient.State.RECONNECTING);
	}

	private GoChatRest.Account register(String name) {
		return this.rest.register(GoChatApi.newPhoneNumber(), name, "secret");
	}

	private GoChatClient connected(GoChatRest.Account account, Inbox inbox) throws Exception {
		GoChatClient client = track(GoChatClient.builder(this.ws, account.token()).listener(inbox).build());
		client.connect().get(20, TimeUnit.SECONDS);
		return client;
	}

	private GoChatClient track(GoChatClient client) {
		this.clients.add(client);
		return client;
	}

	static final class Inbox implements GoChatClient.Listener {

		final List<Message> messages = new CopyOnWriteArrayList<>();

		final List<Boolean> live = new CopyOnWriteArrayList<>();

		final List<GoChatClient.State> states = new CopyOnWriteArrayList<>();

		@Override
		public void onMessage(Message message, boolean isLive) {
			this.messages.add(message);
			this.live.add(isLive);
		}

		@Override
		public void onStateChanged(GoChatClient.State state) {
			this.states.add(state);
		}

		List<String> texts() {
			return this.messages.stream().map((m) -> m.getContent().toStringUtf8()).toList();
		}

	}

}
