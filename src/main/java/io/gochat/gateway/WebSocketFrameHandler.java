package io.gochat.gateway;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.metrics.ChatMetrics;
import io.gochat.node.Refusals;
import io.gochat.protocol.CmdType;
import io.gochat.protocol.Input;
import io.gochat.protocol.UpMsg;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.Outputs;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-loop side of a connection: decodes each binary frame into an {@code Input}
 * and hands it to the connection's worker; answers what cannot be decoded with an error
 * {@code Output}. Shared by all channels.
 */
@ChannelHandler.Sharable
final class WebSocketFrameHandler extends ChannelInboundHandlerAdapter {

	private static final Logger log = LoggerFactory.getLogger(WebSocketFrameHandler.class);

	static final AttributeKey<Connection> CONNECTION = AttributeKey.valueOf("gochat.connection");

	private final ConnectionRegistry registry;

	private final CommandWorkers workers;

	private final CommandHandler commands;

	private final ConnectionCleanup cleanup;

	private final OutboundQueue.Bounds outboundBounds;

	private final GatewayLimits limits;

	private final Refusals refusals;

	private final ByteBudget queuedCommandBytes;

	private final ChatMetrics metrics;

	private final PushOrdering ordering;

	WebSocketFrameHandler(ConnectionRegistry registry, CommandWorkers workers, CommandHandler commands,
			ConnectionCleanup cleanup, OutboundQueue.Bounds outboundBounds, GatewayLimits limits, Refusals refusals,
			ChatMetrics metrics, PushOrdering ordering) {
		this.metrics = metrics;
		this.ordering = ordering;
		this.registry = registry;
		this.workers = workers;
		this.commands = commands;
		this.cleanup = cleanup;
		this.outboundBounds = outboundBounds;
		this.limits = limits;
		this.refusals = refusals;
		this.queuedCommandBytes = new ByteBudget(limits.queuedCommandBytesPerNode().toBytes());
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) {
		Connection connection = new Connection(ctx.channel(), this.outboundBounds, this.ordering);
		ctx.channel().attr(CONNECTION).set(connection);
		this.registry.opened(connection);
		// a fixed deadline from accept: frames before login, upgrade included, do not
		// move it
		ctx.channel().eventLoop().schedule(() -> {
			if (!connection.isLoggedIn() && ctx.channel().isActive()) {
				this.refusals.count("login-timeout");
				log.debug("Closing {}: not logged in within {}", connection, this.limits.loginTimeout());
				ctx.close();
			}
		}, this.limits.loginTimeout().toMillis(), TimeUnit.MILLISECONDS);
		ctx.fireChannelActive();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		Connection connection = ctx.channel().attr(CONNECTION).get();
		if (connection != null) {
			connection.outbound().discard();
			connection.discardHeld();
			this.cleanup.closed(connection);
		}
		ctx.fireChannelInactive();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		try {
			Connection connection = ctx.channel().attr(CONNECTION).get();
			if (msg instanceof BinaryWebSocketFrame frame) {
				connection.touch();
				onBinary(connection, frame);
			}
			else if (msg instanceof TextWebSocketFrame) {
				connection.touch();
				this.metrics.error(ErrorCode.ILLEGAL_PARAMETER);
				connection.send(Outputs.error(ErrorCode.ILLEGAL_PARAMETER,
						"text frames are not supported: send each Input as one binary frame"));
			}
			else if (msg instanceof FullHttpRequest request) {
				notFound(ctx, request);
			}
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	private void onBinary(Connection connection, BinaryWebSocketFrame frame) {
		int frameBytes = frame.content().readableBytes();
		Input input;
		try {
			input = Input.parseFrom(frame.content().nioBuffer());
		}
		catch (InvalidProtocolBufferException ex) {
			this.metrics.error(ErrorCode.ILLEGAL_PARAMETER);
			connection.send(Outputs.error(ErrorCode.ILLEGAL_PARAMETER, "malformed frame: not a protobuf Input"));
			return;
		}
		boolean isSync = input.getType() == CmdType.CT_Sync;
		if (input.getType() == CmdType.CT_Message && !connection.takeMessageToken(this.limits.messagesPerSecond())) {
			// the clientId is not consumed: the client sends the same message again later
			this.refusals.count("messages-per-second");
			this.metrics.error(ErrorCode.RATE_LIMITED);
			connection.send(Outputs.upError(ErrorCode.RATE_LIMITED, "rate limited: more than "
					+ this.limits.messagesPerSecond() + " messages a second; send it again later", clientIdOf(input)));
			return;
		}
		if (isSync && !connection.takeSyncToken(this.limits.syncsPerSecond())) {
			refuse(connection, "syncs-per-second",
					"rate limited: more than " + this.limits.syncsPerSecond() + " syncs a second; sync again later");
			return;
		}
		if (isSync && !connection.syncStarted(this.limits.syncsInFlight())) {
			refuse(connection, "syncs-in-flight", "rate limited: " + this.limits.syncsInFlight()
					+ " syncs not yet answered; send the next one after an answer");
			return;
		}
		if (!connection.commandQueued(this.limits.commandsPerConnection())) {
			if (isSync) {
				connection.syncDone();
			}
			refuse(connection, "commands-per-connection", "rate limited: " + this.limits.commandsPerConnection()
					+ " commands of this connection are waiting; command not processed, send it again");
			return;
		}
		long bytes = frameBytes;
		if (!this.queuedCommandBytes.reserve(bytes, false)) {
			connection.commandDone();
			if (isSync) {
				connection.syncDone();
			}
			this.refusals.count("queued-command-bytes-per-node");
			connection.send(Outputs.error(ErrorCode.SERVER_ERROR, "server busy: command not processed, send it again"));
			return;
		}
		Runnable command = () -> {
			try {
				this.commands.handle(connection, input);
			}
			finally {
				connection.commandDone();
				this.queuedCommandBytes.release(bytes);
			}
		};
		if (!this.workers.submit(connection, command)) {
			connection.commandDone();
			this.queuedCommandBytes.release(bytes);
			if (isSync) {
				connection.syncDone();
			}
			this.refusals.count("max-worker-task");
			this.metrics.error(ErrorCode.SERVER_ERROR);
			connection.send(Outputs.error(ErrorCode.SERVER_ERROR, "server busy: command not processed, send it again"));
		}
	}

	private static long clientIdOf(Input input) {
		try {
			return UpMsg.parseFrom(input.getData()).getClientId();
		}
		catch (InvalidProtocolBufferException ex) {
			return 0;
		}
	}

	private void refuse(Connection connection, String limit, String message) {
		this.refusals.count(limit);
		this.metrics.error(ErrorCode.RATE_LIMITED);
		connection.send(Outputs.error(ErrorCode.RATE_LIMITED, message));
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		Connection connection = ctx.channel().attr(CONNECTION).get();
		if (connection != null && ctx.channel().isWritable()) {
			connection.outbound().flush();
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		Connection connection = ctx.channel().attr(CONNECTION).get();
		if (connection != null && cause instanceof TooLongFrameException) {
			// a fragmented message over the limit: answer, then close
			this.metrics.error(ErrorCode.ILLEGAL_PARAMETER);
			connection.closeAfterBadFrame(
					Outputs.error(ErrorCode.ILLEGAL_PARAMETER, "bad frame: " + cause.getMessage()), "bad frame");
			return;
		}
		log.debug("Closing {} after {}", connection, cause.toString());
		ctx.close();
	}

	private static void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
				Unpooled.copiedBuffer("GoChat WebSocket endpoint is /ws\n", StandardCharsets.UTF_8));
		response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
		response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

}
