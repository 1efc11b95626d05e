package io.gochat.loadtest;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.gochat.protocol.Output;
import io.gochat.protocol.OutputBatch;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of a client pipeline: tells its {@link ChatConnection} when the handshake is
 * done, unpacks every downstream binary frame (one {@code OutputBatch}, each element an
 * {@code Output}) and reports closes and failures.
 */
final class ChatFrameHandler extends ChannelInboundHandlerAdapter {

	private final ChatConnection connection;

	ChatFrameHandler(ChatConnection connection) {
		this.connection = connection;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
			this.connection.open(ctx.channel());
		}
		else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
			this.connection.onFailure(new IllegalStateException("WebSocket handshake timed out"));
		}
		super.userEventTriggered(ctx, event);
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		try {
			if (msg instanceof BinaryWebSocketFrame frame) {
				// one clock reading per frame: every output in it arrived at the same moment
				long nowMs = System.currentTimeMillis();
				long nowNanos = System.nanoTime();
				OutputBatch batch = OutputBatch.parseFrom(frame.content().nioBuffer());
				for (ByteString bytes : batch.getOutputsList()) {
					this.connection.onOutput(Output.parseFrom(bytes), nowMs, nowNanos);
				}
			}
		}
		catch (InvalidProtocolBufferException ex) {
			this.connection.onOutput(Output.newBuilder()
				.setCode(-1)
				.setCodeMsg("unparsable downstream frame: " + ex.getMessage())
				.build(), System.currentTimeMillis(), System.nanoTime());
		}
		finally {
			ReferenceCountUtil.release(msg);
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		this.connection.onClosed();
		super.channelInactive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		this.connection.onFailure(cause);
		ctx.close();
	}

}
