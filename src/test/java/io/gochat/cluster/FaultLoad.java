package io.gochat.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.client.GoChatSocket;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.protocol.UpMsg;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A group chat under steady load while a fault happens, and the check of what its members
 * can see afterwards. {@value #MEMBERS} members in one group: {@value #SENDERS} senders
 * each send one message a round, every {@link #ROUND_INTERVAL}, without waiting for
 * answers; {@value #ONLINE_RECEIVERS} more members are online and record their pushes;
 * the rest are offline. Every ACK, refusal and push is recorded with the time it arrived.
 * The load runs at least {@value #MIN_ROUNDS} rounds, and until
 * {@link #ROUNDS_AFTER_FAULT} rounds were sent after the fault ended. Then every member
 * logs in and syncs its whole history, and {@link #check} counts what a user would find
 * wrong.
 */
final class FaultLoad {

	static final int MEMBERS = 50;

	static final int SENDERS = 10;

	static final int ONLINE_RECEIVERS = 10;

	static final int MIN_ROUNDS = 30;

	static final int ROUNDS_AFTER_FAULT = 8;

	/** The round in which the test should start its fault. */
	static final int FAULT_ROUND = 10;

	/**
	 * Registrations and syncs run this many at a time (the node hashes passwords on one
	 * thread, with 32 waiting at most).
	 */
	private static final int PARALLELISM = 8;

	static final Duration ROUND_INTERVAL = Duration.ofMillis(250);

	/**
	 * A fault that never ends (its test failed) stops the load after this many rounds.
	 */
	private static final int MAX_ROUNDS = 400;

	/** How long the messages sent may stay unanswered after the load stopped. */
	private static final Duration ANSWERS = Duration.ofSeconds(30);

	/** How long the ACKed messages may take to reach storage after the load stopped. */
	private static final Duration STORED = Duration.ofSeconds(60);

	private final String fault;

	private final List<User> members = new ArrayList<>();

	private final List<Member> senders = new ArrayList<>();

	private final List<Member> receivers = new ArrayList<>();

	private final Map<Long, Member> load = new HashMap<>();

	private long groupId;

	private volatile int round;

	private volatile boolean stopped;

	private volatile long faultStarted;

	private volatile long faultEnded;

	private volatile int roundsAfterFault;

	private Thread driver;

	private long setupMillis;

	private long loadStarted;

	private volatile Throwable driverFailure;

	FaultLoad(String fault) {
		this.fault = fault;
	}

	/**
	 * Registers the members on {@code api}'s node, logs the senders in on
	 * {@code senderNode} and the online receivers in on {@code receiverNodes} in turn,
	 * and starts the rounds.
	 */
	FaultLoad start(GoChatApi api, NodeProcess senderNode, List<NodeProcess> receiverNodes) {
		long began = System.nanoTime();
		this.members.addAll(inParallel(Collections.nCopies(MEMBERS, api), GoChatApi::register));
		this.groupId = api.createGroup(this.members.get(0), this.members.subList(1, MEMBERS));
		this.senders.addAll(inParallel(this.members.subList(0, SENDERS), (user) -> Member.online(senderNode, user)));
		this.receivers.addAll(inParallel(IntStream.range(0, ONLINE_RECEIVERS).boxed().toList(),
				(i) -> Member.online(receiverNodes.get(i % receiverNodes.size()), this.members.get(SENDERS + i))));
		this.setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
		this.senders.forEach((member) -> this.load.put(member.user.id(), member));
		this.receivers.forEach((member) -> this.load.put(member.user.id(), member));
		this.loadStarted = System.nanoTime();
		this.driver = Thread.ofPlatform().name("fault-load").daemon().start(this::drive);
		return this;
	}

	private void drive() {
		try {
			long next = System.nanoTime();
			while ((this.round < MIN_ROUNDS || this.faultEnded == 0 || this.roundsAfterFault < ROUNDS_AFTER_FAULT)
					&& this.round < MAX_ROUNDS && !this.stopped) {
				for (Member sender : this.senders) {
					sender.send(SessionType.ST_Group, this.groupId,
							this.fault + " s" + sender.user.id() + " r" + this.round);
				}
				if (this.faultEnded != 0) {
					this.roundsAfterFault++;
				}
				this.round++;
				// a load at a fixed rate, not a wait for a condition
				next += ROUND_INTERVAL.toNanos();
				LockSupport.parkNanos(next - System.nanoTime());
			}
		}
		catch (RuntimeException | Error ex) {
			this.driverFailure = ex;
		}
	}

	/** Waits until the load has sent {@code round} rounds. */
	void awaitRound(int round) {
		await().atMost(Duration.ofSeconds(60)).until(() -> this.round >= round || this.driverFailure != null);
	}

	void faultStarts() {
		this.faultStarted = System.nanoTime();
	}

	void faultEnds() {
		this.faultEnded = System.nanoTime();
	}

	/**
	 * Lets the load finish, then has every member sync its whole history on
	 * {@code syncNode}, and counts what is wrong.
	 */
	Row check(NodeProcess syncNode) throws InterruptedException {
		this.driver.join(TimeUnit.MINUTES.toMillis(2));
		long checkBegan = System.nanoTime();
		if (this.driver.isAlive() || this.driverFailure != null || this.faultEnded == 0) {
			throw new IllegalStateException("the load did not finish (round " + this.round + ")", this.driverFailure);
		}
		try {
			await().atMost(ANSWERS).until(() -> this.senders.stream().allMatch(Member::allAnswered));
		}
		catch (ConditionTimeoutException ex) {
			// counted as unanswered below
		}
		Map<String, Long> acked = new HashMap<>();
		Set<String> refused = new HashSet<>();
		int refused1008 = 0;
		Map<Integer, Integer> otherRefusals = new TreeMap<>();
		int unanswered = 0;
		long firstAckAfterFault = Long.MAX_VALUE;
		for (Member sender : this.senders) {
			for (Sent sent : sender.sent.values()) {
				ACKMsg ack = sender.acks.get(sent.clientId());
				Integer refusal = sender.refusals.get(sent.clientId());
				if (ack != null) {
					acked.put(sent.content(), ack.getSeq());
					Long at = sender.ackedAt.get(sent.clientId());
					if (sent.at() >= this.faultEnded && at != null) {
						firstAckAfterFault = Math.min(firstAckAfterFault, at);
					}
				}
				else if (refusal != null) {
					refused.add(sent.content());
					if (refusal == 1008) {
						refused1008++;
					}
					else {
						otherRefusals.merge(refusal, 1, Integer::sum);
					}
				}
				else {
					unanswered++;
				}
			}
		}

		Set<String> lost = new HashSet<>();
		int duplicated = 0;
		int outOfOrder = 0;
		Set<String> refusedButStored = new HashSet<>();
		long storedBy = System.nanoTime() + STORED.toNanos();
		List<List<Message>> histories = inParallel(this.members,
				(user) -> syncedHistory(syncNode, user, acked.keySet(), storedBy));
		for (List<Message> history : histories) {
			Map<String, Integer> copies = new HashMap<>();
			long previousSeq = 0;
			for (Message message : history) {
				if (message.getSeq() <= previousSeq) {
					outOfOrder++;
				}
				previousSeq = message.getSeq();
				copies.merge(message.getContent().toStringUtf8(), 1, Integer::sum);
			}
			for (String content : acked.keySet()) {
				if (!copies.containsKey(content)) {
					lost.add(content);
				}
			}
			for (Map.Entry<String, Integer> copy : copies.entrySet()) {
				duplicated += copy.getValue() - 1;
				if (refused.contains(copy.getKey())) {
					refusedButStored.add(copy.getKey());
				}
			}
		}
		Set<String> refusedButPushed = new HashSet<>();
		for (Member receiver : this.receivers) {
			for (Message push : receiver.pushes) {
				if (refused.contains(push.getContent().toStringUtf8())) {
					refusedButPushed.add(push.getContent().toStringUtf8());
				}
			}
		}
		close();
		long recoveryMillis = (firstAckAfterFault == Long.MAX_VALUE) ? -1
				: TimeUnit.NANOSECONDS.toMillis(firstAckAfterFault - this.faultEnded);
		Row row = new Row(this.fault, this.round, acked.size(), refused1008, otherRefusals, unanswered, lost.size(),
				duplicated, outOfOrder, refusedButStored.size(), refusedButPushed.size(),
				TimeUnit.NANOSECONDS.toMillis(this.faultEnded - this.faultStarted), recoveryMillis);
		System.out.printf("FAULT %s: members registered and online in %d ms, load %d ms, answers and check %d ms%n",
				this.fault, this.setupMillis, TimeUnit.NANOSECONDS.toMillis(checkBegan - this.loadStarted),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - checkBegan));
		return row;
	}

	/**
	 * The whole history of {@code user} (on its load connection if still open, else on a
	 * new one to {@code node}), synced again until it holds every ACKed message of this
	 * load or {@code storedBy} has passed (then as it is).
	 */
	private List<Message> syncedHistory(NodeProcess node, User user, Set<String> acked, long storedBy) {
		Member open = this.load.get(user.id());
		Member member = (open != null && !open.socket.isClosed()) ? open : Member.online(node, user);
		try {
			AtomicReference<List<Message>> history = new AtomicReference<>(member.syncAll());
			long left = Math.max(0, storedBy - System.nanoTime());
			if (!contents(history.get()).containsAll(acked) && left > 0) {
				try {
					await().atMost(Duration.ofNanos(left)).pollInterval(Duration.ofMillis(500)).until(() -> {
						history.set(member.syncAll());
						return contents(history.get()).containsAll(acked);
					});
				}
				catch (ConditionTimeoutException ex) {
					// what is still missing is counted as lost
				}
			}
			return history.get()
				.stream()
				.filter((m) -> m.getContent().toStringUtf8().startsWith(this.fault + " "))
				.toList();
		}
		finally {
			member.close();
		}
	}

	/**
	 * {@code task} applied to each of {@code inputs}, {@value #PARALLELISM} at a time, in
	 * the order of the inputs.
	 */
	private static <T, R> List<R> inParallel(List<T> inputs, Function<T, R> task) {
		try (ExecutorService executor = Executors.newFixedThreadPool(PARALLELISM)) {
			List<Future<R>> futures = new ArrayList<>();
			inputs.forEach((input) -> futures.add(executor.submit(() -> task.apply(input))));
			List<R> results = new ArrayList<>();
			for (Future<R> future : futures) {
				results.add(future.get());
			}
			return results;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (ExecutionException ex) {
			throw new IllegalStateException(ex.getCause());
		}
	}

	private static Set<String> contents(List<Message> history) {
		Set<String> contents = new HashSet<>();
		history.forEach((m) -> contents.add(m.getContent().toStringUtf8()));
		return contents;
	}

	/** Stops the load and closes its connections. */
	void close() {
		this.stopped = true;
		this.senders.forEach(Member::close);
		this.receivers.forEach(Member::close);
	}

	/**
	 * What one fault did: messages ACKed, refused with 1008, refused otherwise (code →
	 * count), never answered; ACKed messages missing from some member's history, extra
	 * copies, seqs not strictly increasing in a history; refused messages (any code)
	 * stored or pushed all the same; how long the fault lasted and how long after its end
	 * the first message sent after it was ACKed.
	 */
	record Row(String fault, int rounds, int acked, int refused1008, Map<Integer, Integer> otherRefusals,
			int unanswered, int lost, int duplicated, int outOfOrder, int refusedButStored, int refusedButPushed,
			long faultMillis, long recoveryMillis) {

		static final String HEADER = "| fault | sent | ACKed | refused 1008 | other refusals | unanswered | lost | duplicated "
				+ "| out of order | refused yet stored / pushed | fault lasted | recovery |\n"
				+ "|---|---|---|---|---|---|---|---|---|---|---|---|";

		@Override
		public String toString() {
			return "| " + this.fault + " | " + (this.rounds * SENDERS) + " | " + this.acked + " | " + this.refused1008
					+ " | " + (this.otherRefusals.isEmpty() ? "0" : this.otherRefusals) + " | " + this.unanswered
					+ " | " + this.lost + " | " + this.duplicated + " | " + this.outOfOrder + " | "
					+ this.refusedButStored + " / " + this.refusedButPushed + " | " + this.faultMillis + " ms | "
					+ this.recoveryMillis + " ms |";
		}

	}

	private record Sent(long clientId, String content, long at) {
	}

	/**
	 * One member's connection, recording what arrives with the time it arrived.
	 */
	private static final class Member implements GoChatSocket.Listener {

		final User user;

		final Map<Long, Sent> sent = new ConcurrentHashMap<>();

		final Map<Long, ACKMsg> acks = new ConcurrentHashMap<>();

		final Map<Long, Long> ackedAt = new ConcurrentHashMap<>();

		final Map<Long, Integer> refusals = new ConcurrentHashMap<>();

		final List<Message> pushes = new CopyOnWriteArrayList<>();

		final List<SyncOutputMsg> syncs = new CopyOnWriteArrayList<>();

		final List<Output> otherErrors = new CopyOnWriteArrayList<>();

		private volatile boolean loggedIn;

		private GoChatSocket socket;

		private long clientId;

		private Member(User user) {
			this.user = user;
		}

		static Member online(NodeProcess node, User user) {
			Member member = new Member(user);
			member.socket = GoChatSocket
				.open(URI.create("ws://" + node.ip + ":" + node.wsPort + "/ws"), member, Duration.ofSeconds(5))
				.join();
			member.socket.send(CmdType.CT_Login,
					LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(user.token())).build());
			await().atMost(ChatClient.TIMEOUT).until(() -> member.loggedIn || !member.otherErrors.isEmpty());
			if (!member.loggedIn) {
				throw new IllegalStateException("login of " + user.id() + " refused: " + member.otherErrors);
			}
			return member;
		}

		void send(SessionType session, long receiverId, String text) {
			long id = ++this.clientId;
			this.sent.put(id, new Sent(id, text, System.nanoTime()));
			this.socket.send(CmdType.CT_Message,
					UpMsg.newBuilder()
						.setClientId(id)
						.setMsg(ChatClient.message(session, receiverId, this.user.id(), text))
						.build());
		}

		boolean allAnswered() {
			return this.sent.keySet()
				.stream()
				.allMatch((id) -> this.acks.containsKey(id) || this.refusals.containsKey(id));
		}

		List<Message> syncAll() {
			List<Message> synced = new ArrayList<>();
			long seq = 0;
			SyncOutputMsg page;
			do {
				int before = this.syncs.size();
				this.socket.send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(seq).build());
				await().atMost(ChatClient.TIMEOUT).until(() -> this.syncs.size() > before);
				page = this.syncs.get(before);
				synced.addAll(page.getMessagesList());
				if (page.getMessagesCount() > 0) {
					seq = page.getMessages(page.getMessagesCount() - 1).getSeq();
				}
			}
			while (page.getHasMore());
			return synced;
		}

		@Override
		public void onOutputs(List<Output> outputs) {
			long now = System.nanoTime();
			for (Output output : outputs) {
				try {
					if (output.getCode() != 200) {
						ACKMsg about = ACKMsg.parseFrom(output.getData());
						if (about.getType() == ACKType.AT_Up && about.getClientId() > 0) {
							this.refusals.put(about.getClientId(), output.getCode());
						}
						else {
							this.otherErrors.add(output);
						}
					}
					else if (output.getType() == CmdType.CT_ACK) {
						ACKMsg ack = ACKMsg.parseFrom(output.getData());
						if (ack.getType() == ACKType.AT_Login) {
							this.loggedIn = true;
						}
						else if (ack.getType() == ACKType.AT_Up) {
							this.acks.put(ack.getClientId(), ack);
							this.ackedAt.put(ack.getClientId(), now);
						}
					}
					else if (output.getType() == CmdType.CT_Message) {
						this.pushes.add(PushMsg.parseFrom(output.getData()).getMsg());
					}
					else if (output.getType() == CmdType.CT_Sync) {
						this.syncs.add(SyncOutputMsg.parseFrom(output.getData()));
					}
				}
				catch (InvalidProtocolBufferException ex) {
					this.otherErrors.add(output);
				}
			}
		}

		void close() {
			this.socket.close();
		}

	}

}
