package io.gochat.support;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.gochat.client.GoChatSocket;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.MessageType;
import io.gochat.protocol.Output;
import io.gochat.protocol.PushMsg;
import io.gochat.protocol.SessionType;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.SyncOutputMsg;
import io.gochat.protocol.UpMsg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A test's view of one WebSocket connection, over the SDK's {@link GoChatSocket} (one
 * {@code Input} per binary frame up, one {@code OutputBatch} per frame down): it records
 * everything it receives and lets a test send anything, well-formed or not. Tests of the
 * SDK's own behaviour (ACK tracking, sync, reconnect) use {@code GoChatClient} instead.
 */
public final class ChatClient implements AutoCloseable {

	public static final Duration TIMEOUT = Duration.ofSeconds(20);

	private final GoChatSocket socket;

	private final List<Output> outputs = new CopyOnWriteArrayList<>();

	private final List<Integer> outputsPerFrame = new CopyOnWriteArrayList<>();

	private final List<String> malformed = new CopyOnWriteArrayList<>();

	private long clientId;

	private long userId;

	private ChatClient(URI uri) {
		this.socket = GoChatSocket.open(uri, new GoChatSocket.Listener() {
			@Override
			public void onOutputs(List<Output> received) {
				ChatClient.this.outputsPerFrame.add(received.size());
				ChatClient.this.outputs.addAll(received);
			}

			@Override
			public void onMalformed(byte[] frame, InvalidProtocolBufferException error) {
				ChatClient.this.malformed.add(error.getMessage());
			}
		}, Duration.ofSeconds(5)).join();
	}

	public static ChatClient connect(int port) {
		return connect("127.0.0.1", port);
	}

	public static ChatClient connect(String host, int port) {
		return new ChatClient(URI.create("ws://" + host + ":" + port + "/ws"));
	}

	/** Connects and logs in, waiting for the login ACK. */
	public static ChatClient loggedIn(int port, GoChatApi.User user) {
		return loggedIn("127.0.0.1", port, user);
	}

	public static ChatClient loggedIn(String host, int port, GoChatApi.User user) {
		ChatClient client = connect(host, port);
		client.login(user);
		return client;
	}

	public void login(GoChatApi.User user) {
		this.userId = user.id();
		send(CmdType.CT_Login, LoginMsg.newBuilder().setToken(ByteString.copyFromUtf8(user.token())).build());
		await().atMost(TIMEOUT).until(() -> !acks(ACKType.AT_Login).isEmpty() || !errors().isEmpty());
		if (acks(ACKType.AT_Login).isEmpty()) {
			throw new IllegalStateException("login refused: " + errors());
		}
	}

	public void send(CmdType type, MessageLite data) {
		sendRaw(Input.newBuilder().setType(type).setData(data.toByteString()).build().toByteArray());
	}

	public void sendRaw(byte[] frame) {
		this.socket.sendBinary(frame).join();
	}

	public void sendText(String text) {
		this.socket.sendText(text).join();
	}

	public long nextClientId() {
		return ++this.clientId;
	}

	/** Sends a text message with the next clientId; returns that clientId. */
	public long sendTo(SessionType session, long receiverId, String text) {
		long id = nextClientId();
		sendUp(id, message(session, receiverId, this.userId, text));
		return id;
	}

	public void sendUp(long id, Message message) {
		send(CmdType.CT_Message, UpMsg.newBuilder().setMsg(message).setClientId(id).build());
	}

	public static Message message(SessionType session, long receiverId, long senderId, String text) {
		return Message.newBuilder()
			.setSessionType(session)
			.setReceiverId(receiverId)
			.setSenderId(senderId)
			.setMessageType(MessageType.MT_Text)
			.setContent(ByteString.copyFromUtf8(text))
			.setSendTime(System.currentTimeMillis())
			.build();
	}

	/** Sends a sync request and returns its answer. */
	public SyncOutputMsg syncAfter(long seq) {
		int before = syncs().size();
		send(CmdType.CT_Sync, SyncInputMsg.newBuilder().setSeq(seq).build());
		await().atMost(TIMEOUT).until(() -> syncs().size() > before);
		return syncs().get(before);
	}

	/** Waits for the up ACK of {@code id} and returns its seq. */
	public long awaitAck(long id) {
		// a refusal names the limit or error instead of leaving only a timeout
		await().atMost(TIMEOUT)
			.alias("up ACK of message " + id)
			.untilAsserted(
					() -> assertThat(ack(id)).as("up ACK of %d; outputs refused so far: %s", id, errors()).isNotNull());
		return ack(id).getSeq();
	}

	public ACKMsg ack(long id) {
		return acks(ACKType.AT_Up).stream().filter((ack) -> ack.getClientId() == id).findFirst().orElse(null);
	}

	public Output awaitError(Predicate<Output> which) {
		await().atMost(TIMEOUT).until(() -> errors().stream().anyMatch(which));
		return errors().stream().filter(which).findFirst().orElseThrow();
	}

	public Output awaitError(int code) {
		return awaitError((error) -> error.getCode() == code);
	}

	public List<Output> outputs() {
		return List.copyOf(this.outputs);
	}

	/** How many outputs each downstream frame carried, in arrival order. */
	public List<Integer> outputsPerFrame() {
		return List.copyOf(this.outputsPerFrame);
	}

	public List<Message> pushes() {
		List<Message> pushes = new ArrayList<>();
		for (Output output : this.outputs) {
			if (output.getType() == CmdType.CT_Message && output.getCode() == 200) {
				pushes.add(parse(() -> PushMsg.parseFrom(output.getData())).getMsg());
			}
		}
		return pushes;
	}

	public List<ACKMsg> acks(ACKType type) {
		List<ACKMsg> acks = new ArrayList<>();
		for (Output output : this.outputs) {
			if (output.getType() == CmdType.CT_ACK && output.getCode() == 200) {
				ACKMsg ack = parse(() -> ACKMsg.parseFrom(output.getData()));
				if (ack.getType() == type) {
					acks.add(ack);
				}
			}
		}
		return acks;
	}

	public List<SyncOutputMsg> syncs() {
		List<SyncOutputMsg> syncs = new ArrayList<>();
		for (Output output : this.outputs) {
			if (output.getType() == CmdType.CT_Sync && output.getCode() == 200) {
				syncs.add(parse(() -> SyncOutputMsg.parseFrom(output.getData())));
			}
		}
		return syncs;
	}

	public List<Output> errors() {
		if (!this.malformed.isEmpty()) {
			throw new AssertionError("server sent frames that are not an OutputBatch: " + this.malformed);
		}
		return this.outputs.stream().filter((output) -> output.getCode() != 200).toList();
	}

	public boolean isClosed() {
		return this.socket.isClosed();
	}

	public CompletableFuture<Integer> closeStatus() {
		return this.socket.closed();
	}

	@Override
	public void close() {
		this.socket.close();
	}

	private static <T> T parse(ProtoParse<T> parse) {
		try {
			return parse.parse();
		}
		catch (InvalidProtocolBufferException ex) {
			throw new AssertionError("server sent an unparseable output", ex);
		}
	}

	@FunctionalInterface
	private interface ProtoParse<T> {

		T parse() throws InvalidProtocolBufferException;

	}

}
