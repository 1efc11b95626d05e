package io.gochat.gateway;

import java.util.concurrent.CompletionException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.auth.TokenService;
import io.gochat.delivery.ChatMessage;
import io.gochat.delivery.ChatService;
import io.gochat.metrics.ChatMetrics;
import io.gochat.metrics.ChatMetrics.LoginRefusal;
import io.gochat.presence.UserPresence;
import io.gochat.protocol.ACKMsg;
import io.gochat.protocol.ACKType;
import io.gochat.protocol.Input;
import io.gochat.protocol.LoginMsg;
import io.gochat.protocol.Message;
import io.gochat.protocol.SyncInputMsg;
import io.gochat.protocol.UpMsg;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;
import io.gochat.wire.Outputs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Runs one client command on the connection's worker: login, heartbeat, up message, sync
 * and push ACKs (opt-in; other client ACKs are ignored, as upstream). Every refusal is
 * answered with an error {@code Output}.
 */
@Component
class CommandHandler {

	private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

	private final TokenService tokens;

	private final ConnectionRegistry registry;

	private final UserPresence presence;

	private final ChatService chat;

	private final PushAckTimer pushAcks;

	private final ChatMetrics metrics;

	private final long syncPageBytes;

	CommandHandler(TokenService tokens, ConnectionRegistry registry, UserPresence presence, ChatService chat,
			ChatMetrics metrics, PushAckTimer pushAcks, GatewayLimits limits) {
		this.pushAcks = pushAcks;
		this.metrics = metrics;
		this.syncPageBytes = limits.syncPageBytes().toBytes();
		this.tokens = tokens;
		this.registry = registry;
		this.presence = presence;
		this.chat = chat;
	}

	void handle(Connection connection, Input input) {
		try {
			switch (input.getType()) {
				case CT_Login -> login(connection, input.getData());
				case CT_Message -> upMessage(connection, input.getData());
				case CT_Sync -> syncOnce(connection, input.getData());
				// the read already refreshed the connection's last-active time
				case CT_Heartbeat -> requireLogin(connection);
				case CT_ACK -> clientAck(connection, input.getData());
				default -> throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER,
						"unknown command type " + input.getTypeValue());
			}
		}
		catch (GoChatException ex) {
			this.metrics.error(ex.code());
			connection.send(Outputs.error(ex.code(), ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.error("Command {} of {} failed", input.getType(), connection, ex);
			this.metrics.error(ErrorCode.SERVER_ERROR);
			connection.send(Outputs.error(ErrorCode.SERVER_ERROR, "server error"));
		}
	}

	private void login(Connection connection, ByteString data) {
		if (connection.isLoggedIn()) {
			this.metrics.loginRefused(LoginRefusal.TWICE);
			throw new GoChatException(ErrorCode.OPERATION_FAILURE, "already logged in as " + connection.userId());
		}
		long userId;
		try {
			LoginMsg login = parse(data, LoginMsg::parseFrom, "LoginMsg");
			userId = this.tokens.verify(login.getToken().toStringUtf8());
		}
		catch (GoChatException ex) {
			this.metrics
				.loginRefused((ex.code() == ErrorCode.ILLEGAL_PARAMETER) ? LoginRefusal.OTHER : LoginRefusal.BAD_TOKEN);
			throw ex;
		}
		if (this.presence.hasLiveRoute(userId) || !this.registry.bind(userId, connection)) {
			// as upstream: the new connection is refused
			// and closed, the existing one stays
			this.metrics.loginRefused(LoginRefusal.ALREADY_ONLINE);
			this.metrics.error(ErrorCode.OPERATION_FAILURE);
			connection.send(Outputs.error(ErrorCode.OPERATION_FAILURE, "user " + userId + " is already online"));
			connection.channel().eventLoop().execute(connection::close);
			return;
		}
		connection.loggedIn(userId);
		try {
			this.presence.connectedHere(userId);
		}
		catch (RuntimeException ex) {
			// without a route nobody can reach the user:
			// refuse the login rather than half-do it
			connection.channel().eventLoop().execute(connection::close);
			this.metrics.loginRefused(LoginRefusal.OTHER);
			throw ex;
		}
		try {
			// read once the user is reachable here: every later seq is pushed, skipped or
			// (rarely) given up on, and the connection releases them in order
			connection.startPushOrder(this.chat.currentSeq(userId));
		}
		catch (RuntimeException ex) {
			log.warn("Pushes to {} are not ordered across nodes: its seq could not be read ({})", connection,
					ex.toString());
		}
		this.metrics.loggedIn();
		connection.send(Outputs.loginAck());
		log.debug("User {} logged in on {}", userId, connection);
	}

	private void upMessage(Connection connection, ByteString data) {
		long takenNanos = System.nanoTime();
		requireLogin(connection);
		UpMsg up = parse(data, UpMsg::parseFrom, "UpMsg");
		long clientId = up.getClientId();
		switch (connection.acceptClientId(clientId)) {
			case REPEATED -> {
				// a retransmit of an accepted message: processed once only, as upstream
				this.metrics.retransmit();
				return;
			}
			case GAP -> {
				refuseUp(connection, ErrorCode.ILLEGAL_PARAMETER,
						"clientId " + clientId + " out of order (expected: " + connection.expectedClientId() + ")",
						clientId);
				return;
			}
			case NEXT -> {
				// accepted below
			}
		}
		if (!up.hasMsg()) {
			refuseUp(connection, ErrorCode.ILLEGAL_PARAMETER, "UpMsg without msg", clientId);
			return;
		}
		Message msg = up.getMsg();
		ChatMessage message = new ChatMessage(msg.getSessionTypeValue(), msg.getReceiverId(), msg.getSenderId(),
				msg.getMessageTypeValue(), msg.getContent().toByteArray(), msg.getSendTime());
		try {
			this.chat.send(connection.userId(), message).whenComplete((seq, error) -> {
				// the pipeline fails the future itself;
				// a dependent stage would wrap the error
				Throwable cause = (error instanceof CompletionException) ? error.getCause() : error;
				if (error == null) {
					connection.send(Outputs.upAck(clientId, seq), takenNanos, this.metrics.ackLatency());
				}
				else if (cause instanceof GoChatException refused) {
					refuseUp(connection, refused.code(), refused.getMessage(), clientId);
				}
				else {
					log.error("Message {} of {} failed", clientId, connection, error);
					refuseUp(connection, ErrorCode.SERVER_ERROR, "server error", clientId);
				}
			});
		}
		catch (GoChatException ex) {
			refuseUp(connection, ex.code(), ex.getMessage(), clientId);
		}
		catch (RuntimeException ex) {
			log.error("Message {} of {} failed", clientId, connection, ex);
			refuseUp(connection, ErrorCode.SERVER_ERROR, "server error", clientId);
		}
	}

	/**
	 * A client ACK. {@code ACKMsg{AT_Push, seq}} acknowledges every push up to seq and
	 * turns on retransmits for this connection (opt-in); other ACKs are ignored, as
	 * upstream.
	 */
	private void clientAck(Connection connection, ByteString data) {
		requireLogin(connection);
		ACKMsg ack = parse(data, ACKMsg::parseFrom, "ACKMsg");
		if (ack.getType() == ACKType.AT_Push && ack.getSeq() > 0) {
			this.pushAcks.enable(connection).acked(ack.getSeq());
		}
	}

	private void refuseUp(Connection connection, ErrorCode code, String message, long clientId) {
		this.metrics.error(code);
		connection.send(Outputs.upError(code, message, clientId));
	}

	/**
	 * Runs a sync the frame handler counted as in flight; it stays in flight until its
	 * answer is written out (or it fails), so a client that does not read cannot pile up
	 * answers. The answer may wait, bounded, for storage (read after ACK), off the
	 * worker.
	 */
	private void syncOnce(Connection connection, ByteString data) {
		boolean handedOver = false;
		try {
			requireLogin(connection);
			SyncInputMsg request = parse(data, SyncInputMsg::parseFrom, "SyncInputMsg");
			connection.afterPreviousSync(this.chat.sync(connection.userId(), request.getSeq(), this.syncPageBytes),
					(answer) -> {
						if (!connection.send(answer, connection::syncDone)) {
							connection.syncDone();
						}
					}, (error) -> {
						log.error("Sync of {} failed", connection, error);
						connection.send(Outputs.error(ErrorCode.SERVER_ERROR, "server error"));
						connection.syncDone();
					});
			handedOver = true;
		}
		finally {
			if (!handedOver) {
				connection.syncDone();
			}
		}
	}

	private static void requireLogin(Connection connection) {
		if (!connection.isLoggedIn()) {
			throw new GoChatException(ErrorCode.NOT_LOGGED_IN, "not logged in: send CT_Login first");
		}
	}

	private static <T> T parse(ByteString data, Parser<T> parser, String type) {
		try {
			return parser.parse(data);
		}
		catch (InvalidProtocolBufferException ex) {
			throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER, "malformed " + type + ": " + ex.getMessage());
		}
	}

	@FunctionalInterface
	private interface Parser<T> {

		T parse(ByteString data) throws InvalidProtocolBufferException;

	}

}
