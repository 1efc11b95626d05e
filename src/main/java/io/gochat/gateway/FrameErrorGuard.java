package io.gochat.gateway;

import io.gochat.wire.ErrorCode;
import io.gochat.wire.Outputs;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;

/**
 * Sits right behind the WebSocket frame decoder so that an oversized or corrupt frame is
 * answered with an error {@code Output} before the connection closes. Netty's protocol
 * handler further down would close the channel at once, before any answer could be
 * written.
 */
@ChannelHandler.Sharable
final class FrameErrorGuard extends ChannelInboundHandlerAdapter {

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
		Connection connection = ctx.channel().attr(WebSocketFrameHandler.CONNECTION).get();
		if (connection != null
				&& (cause instanceof CorruptedWebSocketFrameException || cause instanceof TooLongFrameException)) {
			// the decoder discards everything after a bad frame: answer, then close
			connection.closeAfterBadFrame(
					Outputs.error(ErrorCode.ILLEGAL_PARAMETER, "bad frame: " + cause.getMessage()), "bad frame");
			return;
		}
		ctx.fireExceptionCaught(cause);
	}

}
