package io.gochat.loadtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.Message;
import io.gochat.protocol.MessageType;
import io.gochat.protocol.Output;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One attack of the hardening issue against a running node, while a legitimate user sends a
 * message every 50 ms to another and measures the round trip (send to up-ACK). Reports the round
 * trip's percentiles, messages not acknowledged, the node's peak resident memory and the
 * OutOfMemoryErrors in its log. Bounded in time; traffic to the given addresses only.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
		description = "Run one attack (sync-flood, idle-sockets, login-flood, none) and measure a legitimate user.")
final class AttackScenario implements Callable<Integer> {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Option(names = "--attack", required = true, description = "sync-flood, idle-sockets, login-flood or none.")
	String attack;

	@Option(names = "--http", defaultValue = "http://127.0.0.1:9090", description = "REST base URL.")
	String http;

	@Option(names = "--ws-host", defaultValue = "127.0.0.1", description = "WebSocket host.")
	String wsHost;

	@Option(names = "--ws-port", defaultValue = "9091", description = "WebSocket port.")
	int wsPort;

	@Option(names = "--seconds", defaultValue = "30", description = "How long the attack runs.")
	int seconds;

	@Option(names = "--server-pid", description = "Pid of the node, for its resident memory.")
	Long serverPid;

	@Option(names = "--server-log", description = "The node's log, to count OutOfMemoryErrors in.")
	Path serverLog;

	@Option(names = "--sockets", defaultValue = "12000", description = "idle-sockets: sockets to keep open.")
	int sockets;

	@Option(names = "--threads", defaultValue = "40", description = "login-flood: threads.")
	int threads;

	private final HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// the login flood comes from another address than the legitimate users
	private final HttpClient flood = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.localAddress(address("127.0.0.20"))
		.build();

	private final AtomicBoolean running = new AtomicBoolean(true);

	@Override
	public Integer call() throws Exception {
		String run = Long.toString(System.currentTimeMillis() % 100_000_000L);
		long[] alice = register("1" + run + "01");
		long[] bob = register("1" + run + "02");
		List<Thread> attackers = new ArrayList<>();
		AtomicLong attackCount = new AtomicLong();
		String status;
		switch (this.attack) {
			case "sync-flood" -> status = prepareSyncFlood(run, attackers, attackCount);
			case "idle-sockets" -> status = prepareIdleSockets(attackers, attackCount);
			case "login-flood" -> status = prepareLoginFlood(run, attackers, attackCount);
			case "none" -> status = "no attack";
			default -> throw new IllegalArgumentException("unknown attack " + this.attack);
		}
		ServerProcess server = (this.serverPid != null) ? new ServerProcess(this.serverPid) : null;
		AtomicLong peakRssKb = new AtomicLong();
		Thread sampler = Thread.ofPlatform().daemon().start(() -> {
			while (this.running.get() && server != null) {
				Long rss = server.rssKb();
				if (rss != null) {
					peakRssKb.accumulateAndGet(rss, Math::max);
				}
				sleep(250);
			}
		});

		// the legitimate pair
		Histogram roundTrips = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
		ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
		AtomicLong refused = new AtomicLong();
		PlainWebSocket aliceWs = loggedIn(alice, (output) -> {
			if (output.getType() == CmdType.CT_ACK) {
				ACKMsg ack = parseAck(output);
				Long start = (ack != null && ack.getType() == ACKType.AT_Up) ? sentAt.remove(ack.getClientId()) : null;
				if (start != null) {
					roundTrips.recordValue(Math.min((System.nanoTime() - start) / 1000, TimeUnit.SECONDS.toMicros(60)));
				}
			}
			else if (output.getCode() != 200) {
				refused.incrementAndGet();
			}
		});
		PlainWebSocket bobWs = loggedIn(bob, (output) -> {
		});
		attackers.forEach(Thread::start);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.seconds);
		long clientId = 0;
		long sent = 0;
		while (System.nanoTime() < end) {
			clientId++;
			sentAt.put(clientId, System.nanoTime());
			try {
				aliceWs.send(Input.newBuilder()
					.setType(CmdType.CT_Message)
					.setData(io.gochat.protocol.UpMsg.newBuilder()
						.setClientId(clientId)
						.setMsg(Message.newBuilder()
							.setSessionType(SessionType.ST_Single)
							.setReceiverId(bob[0])
							.setSenderId(alice[0])
							.setMessageType(MessageType.MT_Text)
							.setContent(ByteString.copyFromUtf8("legit " + clientId))
							.setSendTime(System.currentTimeMillis()))
						.build()
						.toByteString())
					.build()
					.toByteArray());
				sent++;
			}
			catch (IOException ex) {
				System.out.println("the legitimate user's connection closed: " + ex);
				break;
			}
			sleep(50);
		}
		// a user logging in while the attack still runs
		long lateLoginMs;
		long loginStart = System.nanoTime();
		try {
			long[] carol = register("1" + run + "03");
			loggedIn(carol, (output) -> {
			}).close();
			lateLoginMs = (System.nanoTime() - loginStart) / 1_000_000;
		}
		catch (Exception ex) {
			System.out.println("late login failed: " + ex);
			lateLoginMs = -1;
		}
		sleep(2000);
		this.running.set(false);
		for (Thread attacker : attackers) {
			attacker.join(10_000);
		}
		sampler.join(1000);
		aliceWs.close();
		bobWs.close();
		long oom = countOutOfMemoryErrors();
		Map<String, Object> summary = new java.util.LinkedHashMap<>();
		summary.put("attack", this.attack);
		summary.put("setup", status);
		summary.put("attack_actions", attackCount.get());
		summary.put("legit_sent", sent);
		summary.put("legit_unacknowledged", sentAt.size());
		summary.put("legit_refused", refused.get());
		summary.put("rtt_p50_ms", roundTrips.getValueAtPercentile(50) / 1000.0);
		summary.put("rtt_p99_ms", roundTrips.getValueAtPercentile(99) / 1000.0);
		summary.put("rtt_max_ms", roundTrips.getMaxValue() / 1000.0);
		summary.put("late_login_ms", lateLoginMs);
		summary.put("server_peak_rss_mb", peakRssKb.get() / 1024);
		summary.put("out_of_memory_errors", oom);
		System.out.println(JSON.writeValueAsString(summary));
		return 0;
	}

	private String prepareSyncFlood(String run, List<Thread> attackers, AtomicLong count) throws Exception {
		long[] partner = register("1" + run + "09");
		byte[] large = new byte[60 * 1024];
		for (int a = 0; a < 3; a++) {
			long[] attacker = register("1" + run + "1" + a);
			CountDownLatch acked = new CountDownLatch(60);
			PlainWebSocket ws = loggedIn(attacker, (output) -> {
				if (output.getType() == CmdType.CT_ACK) {
					acked.countDown();
				}
			});
			for (int i = 1; i <= 60; i++) {
				ws.send(up(attacker[0], partner[0], i, large));
				sleep(20);
			}
			acked.await(60, TimeUnit.SECONDS);
			ws.close();
			sleep(500);
			attackers.add(Thread.ofPlatform().daemon().unstarted(() -> {
				byte[] sync = Input.newBuilder()
					.setType(CmdType.CT_Sync)
					.setData(SyncInputMsg.newBuilder().setSeq(0).build().toByteString())
					.build()
					.toByteArray();
				while (this.running.get()) {
					// log in, send 1,000 syncs, never read; again when disconnected
					try (PlainWebSocket flood = PlainWebSocket.upgraded(this.wsHost, this.wsPort)) {
						flood.send(Frames.login(token(attacker)));
						for (int i = 0; i < 1000 && this.running.get(); i++) {
							flood.send(sync);
							count.incrementAndGet();
						}
						while (this.running.get() && !flood.isClosed()) {
							flood.send(sync);
							count.incrementAndGet();
							sleep(10);
						}
					}
					catch (IOException ex) {
						sleep(200);
					}
				}
			}));
		}
		return "3 accounts x 60 stored messages of 60 KB";
	}

	private String prepareIdleSockets(List<Thread> attackers, AtomicLong count) throws Exception {
		InetAddress[] sources = new InetAddress[8];
		for (int i = 0; i < sources.length; i++) {
			sources[i] = InetAddress.getByName("127.0.0." + (10 + i));
		}
		int perThread = this.sockets / 4;
		for (int t = 0; t < 4; t++) {
			int thread = t;
			attackers.add(Thread.ofPlatform().daemon().unstarted(() -> {
				List<SocketChannel> open = new ArrayList<>();
				ByteBuffer probe = ByteBuffer.allocate(64);
				int i = 0;
				while (this.running.get()) {
					// a socket the node closed (login deadline, caps) is opened again, as a
					// determined attacker would
					open.removeIf((channel) -> closedByPeer(channel, probe));
					int opened = 0;
					while (open.size() < perThread && opened < 500 && this.running.get()) {
						try {
							open.add(idleSocket(sources[(thread * 2 + (i++ % 2)) % sources.length]));
							count.incrementAndGet();
							opened++;
						}
						catch (IOException ex) {
							sleep(10);
							break;
						}
					}
					sleep(100);
				}
				open.forEach(AttackScenario::closeQuietly);
			}));
		}
		return this.sockets + " TCP connections that never log in, from 8 addresses, reopened when closed";
	}

	private SocketChannel idleSocket(InetAddress source) throws IOException {
		SocketChannel channel = SocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
			channel.bind(new InetSocketAddress(source, 0));
			channel.socket().connect(new InetSocketAddress(this.wsHost, this.wsPort), 5000);
			channel.configureBlocking(false);
			return channel;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	/** Whether the node closed the socket: a non-blocking read sees the end of the stream or a reset. */
	private static boolean closedByPeer(SocketChannel channel, ByteBuffer probe) {
		try {
			probe.clear();
			if (channel.read(probe) >= 0) {
				return false;
			}
		}
		catch (IOException ex) {
			// reset by the node
		}
		closeQuietly(channel);
		return true;
	}

	private static void closeQuietly(SocketChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	private String prepareLoginFlood(String run, List<Thread> attackers, AtomicLong count) throws Exception {
		List<String> victims = new ArrayList<>();
		for (int v = 0; v < 5; v++) {
			victims.add("1" + run + "2" + v);
			register(victims.get(v));
		}
		for (int t = 0; t < this.threads; t++) {
			int thread = t;
			attackers.add(Thread.ofPlatform().daemon().unstarted(() -> {
				int i = 0;
				while (this.running.get()) {
					String phone = (i++ % 2 == 0) ? victims.get(thread % victims.size()) : "1" + run + "3" + (i % 1000);
					try {
						post(this.flood, "/login", "phone_number=" + phone + "&password=wrong");
						count.incrementAndGet();
					}
					catch (IOException | InterruptedException ex) {
						sleep(10);
					}
				}
			}));
		}
		return this.threads + " threads of wrong-password logins from 127.0.0.20";
	}

	private final Map<Long, String> tokens = new ConcurrentHashMap<>();

	private String token(long[] user) {
		return this.tokens.get(user[0]);
	}

	private long[] register(String phone) throws Exception {
		JsonNode answer = post("/register", "phone_number=" + phone + "&nickname=attack&password=secret");
		if (answer.path("code").asInt() != 200) {
			answer = post("/login", "phone_number=" + phone + "&password=secret");
		}
		JsonNode data = answer.path("data");
		long id = Long.parseLong(data.has("id") ? data.path("id").asText() : data.path("user_id").asText());
		this.tokens.put(id, data.path("token").asText());
		return new long[] { id };
	}

	private JsonNode post(String path, String form) throws IOException, InterruptedException {
		return post(this.rest, path, form);
	}

	private static InetAddress address(String name) {
		try {
			return InetAddress.getByName(name);
		}
		catch (java.net.UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode post(HttpClient client, String path, String form) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.http + path))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form))
			.build();
		return JSON.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
	}

	private PlainWebSocket loggedIn(long[] user, java.util.function.Consumer<Output> onOutput) throws Exception {
		PlainWebSocket ws = PlainWebSocket.upgraded(this.wsHost, this.wsPort);
		CountDownLatch login = new CountDownLatch(1);
		ws.startReading((output) -> {
			if (output.getType() == CmdType.CT_ACK && parseAck(output) != null
					&& parseAck(output).getType() == ACKType.AT_Login) {
				login.countDown();
			}
			onOutput.accept(output);
		}, () -> {
		});
		ws.send(Frames.login(token(user)));
		if (!login.await(15, TimeUnit.SECONDS)) {
			ws.close();
			throw new IllegalStateException("login of user " + user[0] + " not acknowledged");
		}
		return ws;
	}

	private static byte[] up(long sender, long receiver, long clientId, byte[] content) {
		return Frames.up(Message.newBuilder()
			.setSessionType(SessionType.ST_Single)
			.setReceiverId(receiver)
			.setSenderId(sender)
			.setMessageType(MessageType.MT_Text)
			.setContent(ByteString.copyFrom(content))
			.setSendTime(System.currentTimeMillis())
			.build(), clientId);
	}

	private static ACKMsg parseAck(Output output) {
		try {
			return ACKMsg.parseFrom(output.getData());
		}
		catch (com.google.protobuf.InvalidProtocolBufferException ex) {
			return null;
		}
	}

	private long countOutOfMemoryErrors() throws IOException {
		if (this.serverLog == null || !Files.exists(this.serverLog)) {
			return -1;
		}
		try (var lines = Files.lines(this.serverLog, java.nio.charset.StandardCharsets.ISO_8859_1)) {
			return lines.filter((line) -> line.contains("OutOfMemoryError")).count();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
