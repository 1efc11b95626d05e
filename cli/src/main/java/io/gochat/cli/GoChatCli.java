package io.gochat.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.client.GoChatClient;
import io.gochat.client.GoChatRest;
import io.gochat.client.ServerErrorException;
import io.gochat.client.examples.QuickStart;
import io.gochat.protocol.Message;
import io.gochat.protocol.SessionType;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code gochat}: chat with a GoChat node from a terminal or a script. Login state
 * (server, token, user id, last seq) is kept in {@code $GOCHAT_HOME/session.properties}
 * ({@code ~/.gochat} by default).
 */
@Command(name = "gochat", mixinStandardHelpOptions = true, version = "gochat 0.1.0",
		description = "Chat with a GoChat node: log in, send, read history, chat live.",
		subcommands = { GoChatCli.Register.class, GoChatCli.Login.class, GoChatCli.Logout.class, GoChatCli.WhoAmI.class,
				GoChatCli.Send.class, GoChatCli.Chat.class, GoChatCli.History.class, GoChatCli.Conversations.class,
				GoChatCli.Groups.class, GoChatCli.Friends.class, GoChatCli.Example.class },
		footer = { "", "Examples:", "  gochat register --phone 13800000001 --nickname alice --password secret",
				"  gochat send --to 2 \"hi\"", "  gochat send --group 1 \"hello all\"", "  gochat chat --to 2",
				"  gochat groups create --name team 2 3" })
public final class GoChatCli implements Runnable {

	static final String DEFAULT_SERVER = "http://127.0.0.1:9090";

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
		.withZone(ZoneId.systemDefault());

	@Option(names = { "-s", "--server" },
			description = "the node's HTTP address (default: the one you logged in to, else $GOCHAT_SERVER, else "
					+ DEFAULT_SERVER + ")")
	String server;

	final BufferedReader in;

	final PrintStream out;

	final Path home;

	final boolean terminal;

	GoChatCli(InputStream in, PrintStream out, Path home, boolean terminal) {
		this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
		this.out = out;
		this.home = home;
		this.terminal = terminal;
	}

	public static void main(String[] args) {
		String dir = System.getenv("GOCHAT_HOME");
		Path home = (dir != null) ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".gochat");
		System.exit(run(args, System.in, System.out, System.err, home, System.console() != null));
	}

	/**
	 * Runs one command; returns the exit code (0 done, 1 refused or failed, 2 bad usage).
	 */
	static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Path home, boolean terminal) {
		CommandLine cli = new CommandLine(new GoChatCli(in, out, home, terminal));
		cli.setOut(new java.io.PrintWriter(out, true));
		cli.setErr(new java.io.PrintWriter(err, true));
		cli.setExecutionExceptionHandler((ex, commandLine, parsed) -> {
			Throwable cause = unwrap(ex);
			commandLine.getErr().println("gochat: " + describe(cause));
			return 1;
		});
		return cli.execute(args);
	}

	@Override
	public void run() {
		CommandLine.usage(this, this.out);
	}

	// ---- session ----

	Properties session() {
		Properties session = new Properties();
		Path file = this.home.resolve("session.properties");
		if (Files.exists(file)) {
			try (Reader reader = Files.newBufferedReader(file)) {
				session.load(reader);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return session;
	}

	void save(Properties session) {
		try {
			Files.createDirectories(this.home);
			try (Writer writer = Files.newBufferedWriter(this.home.resolve("session.properties"))) {
				session.store(writer, "gochat login: keep it private, the token logs in as you");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	String serverUrl() {
		if (this.server != null) {
			return this.server;
		}
		String saved = session().getProperty("server");
		if (saved != null) {
			return saved;
		}
		String env = System.getenv("GOCHAT_SERVER");
		return (env != null) ? env : DEFAULT_SERVER;
	}

	GoChatRest rest() {
		return new GoChatRest(URI.create(serverUrl()));
	}

	Properties requireLogin() {
		Properties session = session();
		if (session.getProperty("token") == null) {
			throw new IllegalStateException("not logged in: run gochat login (or register) first");
		}
		return session;
	}

	void loggedIn(String phone, GoChatRest.Account account) {
		Properties session = new Properties();
		session.setProperty("server", serverUrl());
		session.setProperty("phone", phone);
		session.setProperty("user_id", Long.toString(account.userId()));
		session.setProperty("token", account.token());
		session.setProperty("last_seq", "0");
		save(session);
	}

	/** Connects and logs in with the saved session; syncs from the saved last seq. */
	GoChatClient connect(GoChatClient.Listener listener) {
		Properties session = requireLogin();
		GoChatRest rest = rest();
		GoChatClient client = GoChatClient.builder(rest.webSocketUri(), session.getProperty("token"))
			.lastSeq(Long.parseLong(session.getProperty("last_seq", "0")))
			.listener(listener)
			.build();
		try {
			await(client.connect());
		}
		catch (RuntimeException ex) {
			client.close();
			throw ex;
		}
		return client;
	}

	void remember(GoChatClient client) {
		Properties session = session();
		session.setProperty("last_seq", Long.toString(client.lastSeq()));
		save(session);
	}

	String password(String given) {
		if (given != null) {
			return given;
		}
		if (System.console() != null) {
			return new String(System.console().readPassword("Password: "));
		}
		try {
			String line = this.in.readLine();
			if (line == null) {
				throw new IllegalArgumentException("no password given: use --password or type it");
			}
			return line;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	// ---- printing ----

	String format(Message message, long me) {
		StringBuilder line = new StringBuilder();
		line.append('#').append(message.getSeq()).append(' ');
		line.append(TIME.format(Instant.ofEpochMilli(message.getSendTime()))).append(' ');
		if (message.getSessionType() == SessionType.ST_Group) {
			line.append("[group ").append(message.getReceiverId()).append("] ");
		}
		if (message.getSenderId() == me) {
			line.append("you");
			if (message.getSessionType() == SessionType.ST_Single) {
				line.append(" → user ").append(message.getReceiverId());
			}
		}
		else {
			line.append("user ").append(message.getSenderId());
		}
		line.append(": ").append(message.getContent().toStringUtf8());
		return line.toString();
	}

	static boolean belongsTo(Message message, Target target, long me) {
		if (target.group != null) {
			return message.getSessionType() == SessionType.ST_Group && message.getReceiverId() == target.group;
		}
		if (message.getSessionType() != SessionType.ST_Single) {
			return false;
		}
		long other = (message.getSenderId() == me) ? message.getReceiverId() : message.getSenderId();
		return other == target.to;
	}

	static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			Throwable cause = unwrap(ex);
			throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("no answer from the server within 30 s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted");
		}
	}

	static Throwable unwrap(Throwable error) {
		Throwable cause = error;
		while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	static String describe(Throwable error) {
		if (error instanceof ServerErrorException refused) {
			if (refused.code() == ServerErrorException.REST_REFUSED) {
				return refused.getMessage();
			}
			return ServerErrorException.meaning(refused.code()) + " (" + refused.code() + ": " + refused.getMessage()
					+ ")";
		}
		if (error instanceof UncheckedIOException || error instanceof java.net.ConnectException) {
			return "cannot reach the server: " + error.getMessage();
		}
		return (error.getMessage() != null) ? error.getMessage() : error.toString();
	}

	/** {@code --to USER} or {@code --group GROUP}. */
	static final class Target {

		@Option(names = { "-t", "--to" }, required = true, description = "a user id (single chat)")
		Long to;

		@Option(names = { "-g", "--group" }, required = true, description = "a group id (group chat)")
		Long group;

		CompletableFuture<GoChatClient.Sent> send(GoChatClient client, String text) {
			return (this.group != null) ? client.sendToGroup(this.group, text) : client.sendToUser(this.to, text);
		}

		@Override
		public String toString() {
			return (this.group != null) ? "group " + this.group : "user " + this.to;
		}

	}

	// ---- commands ----

	@Command(name = "register", description = "Register a new user and log in as it.")
	static final class Register implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Option(names = "--phone", required = true, description = "phone number (the login name)")
		String phone;

		@Option(names = "--nickname", defaultValue = "", description = "nickname")
		String nickname;

		@Option(names = "--password", description = "password (asked for when missing)")
		String password;

		@Override
		public void run() {
			GoChatRest.Account account = this.cli.rest()
				.register(this.phone, this.nickname, this.cli.password(this.password));
			this.cli.loggedIn(this.phone, account);
			this.cli.out.println("registered and logged in as user " + account.userId());
		}

	}

	@Command(name = "login", description = "Log in; the token is kept for the other commands.")
	static final class Login implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Option(names = "--phone", required = true, description = "phone number")
		String phone;

		@Option(names = "--password", description = "password (asked for when missing)")
		String password;

		@Override
		public void run() {
			GoChatRest.Account account = this.cli.rest().login(this.phone, this.cli.password(this.password));
			this.cli.loggedIn(this.phone, account);
			this.cli.out.println("logged in as user " + account.userId());
		}

	}

	@Command(name = "logout", description = "Forget the saved login.")
	static final class Logout implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Override
		public void run() {
			try {
				Files.deleteIfExists(this.cli.home.resolve("session.properties"));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.cli.out.println("logged out");
		}

	}

	@Command(name = "whoami", description = "Show the saved login.")
	static final class WhoAmI implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Override
		public void run() {
			Properties session = this.cli.requireLogin();
			this.cli.out.printf("user %s (%s) on %s%n", session.getProperty("user_id"), session.getProperty("phone"),
					session.getProperty("server"));
		}

	}

	@Command(name = "send", description = "Send one message and wait for its ACK (for scripts).")
	static final class Send implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@ArgGroup(exclusive = true, multiplicity = "1")
		Target target;

		@Parameters(arity = "1..*", paramLabel = "TEXT", description = "the message (words are joined by spaces)")
		List<String> words;

		@Override
		public void run() {
			try (GoChatClient client = this.cli.connect(new GoChatClient.Listener() {
			})) {
				GoChatClient.Sent sent = await(this.target.send(client, String.join(" ", this.words)));
				this.cli.remember(client);
				this.cli.out.println("sent to " + this.target + ", seq " + sent.seq());
			}
		}

	}

	@Command(name = "history",
			description = "Print stored messages (all, or of one conversation), synced from the server.")
	static final class History implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@ArgGroup(exclusive = true, multiplicity = "0..1")
		Target target;

		@Option(names = "--last", defaultValue = "50", description = "how many of the newest to print (default 50)")
		int last;

		@Override
		public void run() {
			long me = Long.parseLong(this.cli.requireLogin().getProperty("user_id"));
			try (GoChatClient client = this.cli.connect(new GoChatClient.Listener() {
			})) {
				List<Message> all = await(client.history(0));
				List<Message> shown = all.stream()
					.filter((m) -> this.target == null || belongsTo(m, this.target, me))
					.toList();
				shown.subList(Math.max(0, shown.size() - this.last), shown.size())
					.forEach((m) -> this.cli.out.println(this.cli.format(m, me)));
				if (shown.isEmpty()) {
					this.cli.out.println("no messages");
				}
				this.cli.remember(client);
			}
		}

	}

	@Command(name = "conversations", aliases = "ls",
			description = "List the users and groups you have messages with, newest first.")
	static final class Conversations implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Override
		public void run() {
			long me = Long.parseLong(this.cli.requireLogin().getProperty("user_id"));
			try (GoChatClient client = this.cli.connect(new GoChatClient.Listener() {
			})) {
				Map<String, Message> newest = new LinkedHashMap<>();
				for (Message m : await(client.history(0))) {
					String key;
					if (m.getSessionType() == SessionType.ST_Group) {
						key = "group " + m.getReceiverId();
					}
					else {
						key = "user " + ((m.getSenderId() == me) ? m.getReceiverId() : m.getSenderId());
					}
					newest.remove(key);
					newest.put(key, m);
				}
				List<String> keys = new ArrayList<>(newest.keySet());
				java.util.Collections.reverse(keys);
				for (String key : keys) {
					this.cli.out.printf("%-14s %s%n", key, this.cli.format(newest.get(key), me));
				}
				if (keys.isEmpty()) {
					this.cli.out.println("no conversations yet");
				}
				this.cli.remember(client);
			}
		}

	}

	@Command(name = "chat",
			description = "Chat with a user or a group: shows the last messages, then what arrives while you type. "
					+ "One line is one message; /quit (or end of input) leaves.")
	static final class Chat implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@ArgGroup(exclusive = true, multiplicity = "1")
		Target target;

		@Option(names = "--last", defaultValue = "20", description = "history lines shown first (default 20)")
		int last;

		@Override
		public void run() {
			GoChatCli cli = this.cli;
			long me = Long.parseLong(cli.requireLogin().getProperty("user_id"));
			List<Message> early = new CopyOnWriteArrayList<>();
			Set<Long> printed = new TreeSet<>();
			boolean[] started = { false };
			GoChatClient.Listener listener = new GoChatClient.Listener() {
				@Override
				public void onMessage(Message message, boolean live) {
					synchronized (printed) {
						if (!started[0]) {
							early.add(message);
							return;
						}
						show(message);
					}
				}

				@Override
				public void onStateChanged(GoChatClient.State state) {
					if (state == GoChatClient.State.RECONNECTING) {
						cli.out.println("(connection lost, reconnecting…)");
					}
				}

				@Override
				public void onError(ServerErrorException error) {
					cli.out.println("! " + describe(error));
				}

				private void show(Message message) {
					if (!printed.add(message.getSeq())) {
						return;
					}
					if (belongsTo(message, Chat.this.target, me)) {
						cli.out.println(cli.format(message, me));
					}
					else if (message.getSenderId() != me) {
						cli.out.println("(new message "
								+ ((message.getSessionType() == SessionType.ST_Group)
										? "in group " + message.getReceiverId() : "from user " + message.getSenderId())
								+ ")");
					}
				}
			};
			try (GoChatClient client = cli.connect(listener)) {
				List<Message> history = await(client.history(0)).stream()
					.filter((m) -> belongsTo(m, this.target, me))
					.toList();
				synchronized (printed) {
					cli.out.println("-- chat with " + this.target + " (/quit to leave) --");
					history.subList(Math.max(0, history.size() - this.last), history.size()).forEach((m) -> {
						printed.add(m.getSeq());
						cli.out.println(cli.format(m, me));
					});
					started[0] = true;
					early.forEach((m) -> listener.onMessage(m, false));
				}
				List<CompletableFuture<GoChatClient.Sent>> sends = new ArrayList<>();
				String line;
				while ((line = prompt()) != null && !line.trim().equals("/quit")) {
					if (line.isBlank()) {
						continue;
					}
					String text = line;
					sends.add(this.target.send(client, text).whenComplete((sent, error) -> {
						if (error != null) {
							cli.out.println("! not sent: " + text + ": " + describe(unwrap(error)));
						}
						else {
							synchronized (printed) {
								printed.add(sent.seq());
							}
						}
					}));
				}
				// let what was typed be acknowledged before leaving
				CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
					.exceptionally((ex) -> null)
					.orTimeout(30, TimeUnit.SECONDS)
					.exceptionally((ex) -> null)
					.join();
				cli.remember(client);
			}
		}

		private String prompt() {
			if (this.cli.terminal) {
				this.cli.out.print("> ");
				this.cli.out.flush();
			}
			try {
				return this.cli.in.readLine();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	@Command(name = "groups", description = "Create groups and list their members.",
			subcommands = { Groups.Create.class, Groups.Members.class, Groups.ListGroups.class })
	static final class Groups implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Override
		public void run() {
			CommandLine.usage(this, this.cli.out);
		}

		@Command(name = "create", description = "Create a group of you and the given users.")
		static final class Create implements Runnable {

			@ParentCommand
			Groups groups;

			@Option(names = "--name", required = true, description = "group name (up to 50 characters)")
			String name;

			@Parameters(arity = "1..*", paramLabel = "USER_ID", description = "the other members")
			List<Long> members;

			@Override
			public void run() {
				GoChatCli cli = this.groups.cli;
				long id = cli.rest().createGroup(cli.requireLogin().getProperty("token"), this.name, this.members);
				cli.out.println("created group " + id);
			}

		}

		@Command(name = "members", description = "List the members of a group you are in.")
		static final class Members implements Runnable {

			@ParentCommand
			Groups groups;

			@Parameters(paramLabel = "GROUP_ID")
			long groupId;

			@Override
			public void run() {
				GoChatCli cli = this.groups.cli;
				for (long id : cli.rest().groupMembers(cli.requireLogin().getProperty("token"), this.groupId)) {
					cli.out.println("user " + id);
				}
			}

		}

		@Command(name = "list",
				description = "List the groups you have messages in (the server has no call listing a user's groups).")
		static final class ListGroups implements Runnable {

			@ParentCommand
			Groups groups;

			@Override
			public void run() {
				GoChatCli cli = this.groups.cli;
				try (GoChatClient client = cli.connect(new GoChatClient.Listener() {
				})) {
					Set<Long> ids = new TreeSet<>();
					for (Message m : await(client.history(0))) {
						if (m.getSessionType() == SessionType.ST_Group) {
							ids.add(m.getReceiverId());
						}
					}
					ids.forEach((id) -> cli.out.println("group " + id));
					if (ids.isEmpty()) {
						cli.out.println("no group messages yet");
					}
				}
			}

		}

	}

	@Command(name = "friends", description = "Add friends.", subcommands = Friends.Add.class)
	static final class Friends implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Override
		public void run() {
			CommandLine.usage(this, this.cli.out);
		}

		@Command(name = "add", description = "Add a user as a friend.")
		static final class Add implements Runnable {

			@ParentCommand
			Friends friends;

			@Parameters(paramLabel = "USER_ID")
			long userId;

			@Override
			public void run() {
				GoChatCli cli = this.friends.cli;
				cli.rest().addFriend(cli.requireLogin().getProperty("token"), this.userId);
				cli.out.println("added user " + this.userId + " as a friend");
			}

		}

	}

	@Command(name = "example", description = "Run the SDK's QuickStart example against the server.")
	static final class Example implements Runnable {

		@ParentCommand
		GoChatCli cli;

		@Parameters(arity = "0..1", paramLabel = "URL", description = "the node's HTTP address (default: --server)")
		String url;

		@Override
		public void run() {
			try {
				QuickStart.main(new String[] { (this.url != null) ? this.url : this.cli.serverUrl() });
			}
			catch (Exception ex) {
				throw new IllegalStateException(describe(unwrap(ex)), ex);
			}
		}

	}

}
