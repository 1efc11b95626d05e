package io.gochat.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.gochat.support.GoChatApi;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code gochat} command line against a standalone node, as a user runs it: each user
 * with a login directory of their own.
 */
@StandaloneIntegrationTest
class GoChatCliIntegrationTests {

	@LocalServerPort
	int httpPort;

	@TempDir
	Path homes;

	private String server;

	@BeforeEach
	void setUp() {
		this.server = "--server=http://127.0.0.1:" + this.httpPort;
	}

	@Test
	void registerSendAndReadHistory() {
		long alice = register("alice");
		long bob = register("bob");

		Run sent = gochat("alice", "send", "--to", String.valueOf(bob), "hi", "bob");
		Run history = gochat("bob", "history");

		assertThat(sent.code).isZero();
		assertThat(sent.out).isEqualTo("sent to user " + bob + ", seq 1\n");
		assertThat(history.out).contains("user " + alice + ": hi bob");
		assertThat(gochat("bob", "conversations").out).contains("user " + alice);
	}

	@Test
	void refusedSendExitsWithOneAndSaysWhy() {
		register("alice");

		Run run = gochat("alice", "send", "--to", "999999999", "anyone?");

		assertThat(run.code).isEqualTo(1);
		assertThat(run.err).contains("no such user or group (1005: no such user: 999999999)");
	}

	@Test
	void wrongPasswordIsRefused() {
		gochat("alice", "register", "--phone", phone("alice"), "--password", "secret");

		Run run = gochat("alice", "login", "--phone", phone("alice"), "--password", "wrong");

		assertThat(run.code).isEqualTo(1);
		assertThat(run.err).contains("wrong phone number or password");
	}

	@Test
	void groupsCreateListMembersAndChat() {
		long alice = register("alice");
		long bob = register("bob");
		long carol = register("carol");

		Run created = gochat("alice", "groups", "create", "--name", "team", String.valueOf(bob), String.valueOf(carol));
		String group = created.out.trim().substring("created group ".length());
		Run members = gochat("bob", "groups", "members", group);
		gochat("carol", "send", "--group", group, "hello team");

		assertThat(members.out).contains("user " + alice, "user " + bob, "user " + carol);
		assertThat(gochat("alice", "groups", "list").out).contains("group " + group);
		assertThat(gochat("bob", "history", "--group", group).out)
			.contains("[group " + group + "] user " + carol + ": hello team");
	}

	@Test
	void chatShowsIncomingMessagesWhileTyping() throws Exception {
		long alice = register("alice");
		long bob = register("bob");
		gochat("alice", "send", "--to", String.valueOf(bob), "before");
		PipedOutputStream keyboard = new PipedOutputStream();
		PipedInputStream stdin = new PipedInputStream(keyboard);
		ByteArrayOutputStream screen = new ByteArrayOutputStream();
		CompletableFuture<Integer> chat = CompletableFuture
			.supplyAsync(() -> GoChatCli.run(new String[] { this.server, "chat", "--to", String.valueOf(alice) }, stdin,
					new PrintStream(screen, true, StandardCharsets.UTF_8), System.err, home("bob"), false));
		await().until(() -> screen.toString(StandardCharsets.UTF_8).contains("user " + alice + ": before"));

		gochat("alice", "send", "--to", String.valueOf(bob), "live");
		await().until(() -> screen.toString(StandardCharsets.UTF_8).contains("user " + alice + ": live"));
		type(keyboard, "typed reply\n/quit\n");

		assertThat(chat.get(60, TimeUnit.SECONDS)).isZero();
		assertThat(gochat("alice", "history", "--to", String.valueOf(bob)).out)
			.contains("user " + bob + ": typed reply");
	}

	private static void type(PipedOutputStream keyboard, String text) throws IOException {
		keyboard.write(text.getBytes(StandardCharsets.UTF_8));
		keyboard.flush();
	}

	private long register(String user) {
		Run run = gochat(user, "register", "--phone", phone(user), "--nickname", user, "--password", "secret");
		assertThat(run.code).as(run.err).isZero();
		return Long.parseLong(run.out.trim().substring("registered and logged in as user ".length()));
	}

	private final java.util.Map<String, String> phones = new java.util.HashMap<>();

	private String phone(String user) {
		return this.phones.computeIfAbsent(user, (u) -> GoChatApi.newPhoneNumber());
	}

	private Path home(String user) {
		return this.homes.resolve(user);
	}

	private Run gochat(String user, String... args) {
		String[] all = new String[args.length + 1];
		all[0] = this.server;
		System.arraycopy(args, 0, all, 1, args.length);
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		int code = GoChatCli.run(all, new ByteArrayInputStream(new byte[0]),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
				home(user), false);
		return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	record Run(int code, String out, String err) {
	}

}
