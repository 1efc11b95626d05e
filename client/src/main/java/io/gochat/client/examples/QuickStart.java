package io.gochat.client.examples;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.gochat.client.GoChatClient;
import io.gochat.client.GoChatRest;
import io.gochat.protocol.Message;

/**
 * The SDK in one page: registers two users, connects both, sends a single-chat message
 * and a group message, and prints what arrives. Run it against a node:
 *
 * <pre>
 * scripts/gochat.sh example http://127.0.0.1:9090
 * </pre>
 */
public final class QuickStart {

	private QuickStart() {
	}

	public static void main(String[] args) throws Exception {
		GoChatRest rest = new GoChatRest(URI.create((args.length > 0) ? args[0] : "http://127.0.0.1:9090"));
		URI ws = rest.webSocketUri();
		System.out.println("WebSocket: " + ws);

		// phone numbers must be unique: derive them from the clock
		long phone = 13_000_000_000L + System.currentTimeMillis() % 1_000_000_000L * 2;
		GoChatRest.Account alice = rest.register(Long.toString(phone), "alice", "secret");
		GoChatRest.Account bob = rest.register(Long.toString(phone + 1), "bob", "secret");
		long group = rest.createGroup(alice.token(), "quick start", List.of(bob.userId()));
		System.out.printf("alice=%d bob=%d group=%d%n", alice.userId(), bob.userId(), group);

		CountDownLatch received = new CountDownLatch(2);
		GoChatClient.Listener printer = new GoChatClient.Listener() {
			@Override
			public void onMessage(Message message, boolean live) {
				System.out.printf("bob got seq %d from %d%s: %s%n", message.getSeq(), message.getSenderId(),
						(message.getSessionTypeValue() == 2) ? " in group " + message.getReceiverId() : "",
						message.getContent().toStringUtf8());
				received.countDown();
			}
		};
		try (GoChatClient a = GoChatClient.builder(ws, alice.token()).build();
				GoChatClient b = GoChatClient.builder(ws, bob.token()).listener(printer).build()) {
			a.connect().get(10, TimeUnit.SECONDS);
			b.connect().get(10, TimeUnit.SECONDS);
			GoChatClient.Sent sent = a.sendToUser(bob.userId(), "hello bob").get(10, TimeUnit.SECONDS);
			System.out.println("alice's message acknowledged, seq " + sent.seq());
			a.sendToGroup(group, "hello group").get(10, TimeUnit.SECONDS);
			if (!received.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("bob did not receive both messages");
			}
		}
		System.out.println("done");
	}

}
