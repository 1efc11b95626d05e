package io.gochat.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The pipeline of every accepted connection: HTTP until the WebSocket handshake on
 * {@value #PATH}, then frames of at most {@code app.max-frame-size}, each handed to
 * {@link WebSocketFrameHandler}. {@link FrameErrorGuard} sits right behind the HTTP codec
 * so that a frame the decoder refuses is answered before the connection closes.
 */
final class GatewayChannelInitializer extends ChannelInitializer<Channel> {

	static final String PATH = "/ws";

	// handshake requests are small; anything bigger is not a WebSocket upgrade
	private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

	private final WebSocketServerProtocolConfig protocol;

	private final int maxFrameSize;

	private final FrameErrorGuard guard = new FrameErrorGuard();

	private final WebSocketFrameHandler frames;

	GatewayChannelInitializer(GatewayProperties properties, WebSocketFrameHandler frames) {
		this.maxFrameSize = (int) properties.maxFrameSize().toBytes();
		this.frames = frames;
		this.protocol = WebSocketServerProtocolConfig.newBuilder()
			.websocketPath(PATH)
			.checkStartsWith(false)
			.decoderConfig(WebSocketDecoderConfig.newBuilder()
				.maxFramePayloadLength(this.maxFrameSize)
				.closeOnProtocolViolation(false)
				.allowMaskMismatch(false)
				.build())
			.build();
	}

	@Override
	protected void initChannel(Channel channel) {
		ChannelPipeline pipeline = channel.pipeline();
		pipeline.addLast(new HttpServerCodec());
		pipeline.addLast(this.guard);
		pipeline.addLast(new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
		pipeline.addLast(new WebSocketServerProtocolHandler(this.protocol));
		pipeline.addLast(new WebSocketFrameAggregator(this.maxFrameSize));
		pipeline.addLast(this.frames);
	}

}
