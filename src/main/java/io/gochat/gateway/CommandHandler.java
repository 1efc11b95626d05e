package io.gochat.gateway;

import java.util.concurrent.CompletionException;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.auth.TokenService;
import io.gochat.delivery.ChatMessage;
import io.gochat.delivery.ChatService;
import io.gochat.presence.UserPresence;
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
 * (and ignores client ACKs, as upstream). Every refusal is answered with an error
 * {@code Output}.
 */
@Component
class CommandHandler {

	private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);

	private final TokenService tokens;

	private final ConnectionRegistry registry;

	private final UserPresence presence;

	private final ChatService chat;

	private final long syncPageBytes;

	CommandHandler(TokenService tokens, ConnectionRegistry registry, UserPresence presence, ChatService chat,
			GatewayLimits limits) {
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
				case CT_Heartbeat, CT_ACK -> requireLogin(connection);
				default -> throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER,
						"unknown command type " + input.getTypeValue());
			}
		}
		catch (GoChatException ex) {
			connection.send(Outputs.error(ex.code(), ex.getMessage()));
		}
		catch (RuntimeException ex) {
			log.error("Command {} of {} failed", input.getType(), connection, ex);
			connection.send(Outputs.error(ErrorCode.SERVER_ERROR, "server error"));
		}
	}

	private void login(Connection connection, ByteString data) {
		if (connection.isLoggedIn()) {
			throw new GoChatException(ErrorCode.OPERATION_FAILURE, "already logged in as " + connection.userId());
		}
		LoginMsg login = parse(data, LoginMsg::parseFrom, "LoginMsg");
		long userId = this.tokens.verify(login.getToken().toStringUtf8());
		if (this.presence.hasLiveRoute(userId) || !this.registry.bind(userId, connection)) {
			// as upstream: the new connection is refused and closed, the existing one
			// stays
			connection.send(Outputs.error(ErrorCode.OPERATION_FAILURE, "user " + userId + " is already online"));
			connection.channel().eventLoop().execute(connection::close);
			return;
		}
		connection.loggedIn(userId);
		try {
			this.presence.connectedHere(userId);
		}
		catch (RuntimeException ex) {
			// without a route nobody can reach the user: refuse the login rather than
			// half-do it
			connection.channel().eventLoop().execute(connection::close);
			throw ex;
		}
		connection.send(Outputs.loginAck());
		log.debug("User {} logged in on {}", userId, connection);
	}

	private void upMessage(Connection connection, ByteString data) {
		requireLogin(connection);
		UpMsg up = parse(data, UpMsg::parseFrom, "UpMsg");
		long clientId = up.getClientId();
		switch (connection.acceptClientId(clientId)) {
			case REPEATED -> {
				// a retransmit of an accepted message: processed once only, as upstream
				return;
			}
			case GAP -> {
				connection.send(Outputs.upError(ErrorCode.ILLEGAL_PARAMETER,
						"clientId " + clientId + " out of order (expected: " + connection.expectedClientId() + ")",
						clientId));
				return;
			}
			case NEXT -> {
				// accepted below
			}
		}
		if (!up.hasMsg()) {
			connection.send(Outputs.upError(ErrorCode.ILLEGAL_PARAMETER, "UpMsg without msg", clientId));
			return;
		}
		Message msg = up.getMsg();
		ChatMessage message = new ChatMessage(msg.getSessionTypeValue(), msg.getReceiverId(), msg.getSenderId(),
				msg.getMessageTypeValue(), msg.getContent().toByteArray(), msg.getSendTime());
		try {
			this.chat.send(connection.userId(), message).whenComplete((seq, error) -> {
				// the pipeline fails the future itself; a dependent stage would wrap the
				// error
				Throwable cause = (error instanceof CompletionException) ? error.getCause() : error;
				if (error == null) {
					connection.send(Outputs.upAck(clientId, seq));
				}
				else if (cause instanceof GoChatException refused) {
					connection.send(Outputs.upError(refused.code(), refused.getMessage(), clientId));
				}
				else {
					log.error("Message {} of {} failed", clientId, connection, error);
					connection.send(Outputs.upError(ErrorCode.SERVER_ERROR, "server error", clientId));
				}
			});
		}
		catch (GoChatException ex) {
			connection.send(Outputs.upError(ex.code(), ex.getMessage(), clientId));
		}
		catch (RuntimeException ex) {
			log.error("Message {} of {} failed", clientId, connection, ex);
			connection.send(Outputs.upError(ErrorCode.SERVER_ERROR, "server error", clientId));
		}
	}

	/**
	 * Runs a sync the frame handler counted as in flight; it stays in flight until its
	 * answer is written out (or it fails), so a client that does not read cannot pile up
	 * answers.
	 */
	private void syncOnce(Connection connection, ByteString data) {
		boolean handedOver = false;
		try {
			requireLogin(connection);
			SyncInputMsg request = parse(data, SyncInputMsg::parseFrom, "SyncInputMsg");
			byte[] answer = this.chat.sync(connection.userId(), request.getSeq(), this.syncPageBytes);
			handedOver = connection.send(answer, connection::syncDone);
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
