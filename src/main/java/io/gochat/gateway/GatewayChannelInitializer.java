package io.gochat.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
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
 * <p>
 * A connection over {@link ConnectionAdmission}'s caps is closed before any handler is
 * added; the upgrade request's line and headers are bounded
 * ({@code app.limits.max-handshake-header-size}) and {@link HandshakeGuard} answers one
 * the decoder refused.
 */
final class GatewayChannelInitializer extends ChannelInitializer<Channel> {

	static final String PATH = "/ws";

	// handshake requests are small; anything bigger is not a WebSocket upgrade
	private static final int MAX_HANDSHAKE_BYTES = 16 * 1024;

	private static final int MAX_REQUEST_LINE = 4096;

	private final WebSocketServerProtocolConfig protocol;

	private final int maxFrameSize;

	private final FrameErrorGuard guard = new FrameErrorGuard();

	private final HandshakeGuard handshakeGuard = new HandshakeGuard();

	private final HttpDecoderConfig http;

	private final WebSocketFrameHandler frames;

	GatewayChannelInitializer(GatewayProperties properties, GatewayLimits limits, WebSocketFrameHandler frames) {
		this.maxFrameSize = (int) properties.maxFrameSize().toBytes();
		this.frames = frames;
		this.http = new HttpDecoderConfig().setMaxInitialLineLength(MAX_REQUEST_LINE)
			.setMaxHeaderSize((int) limits.maxHandshakeHeaderSize().toBytes());
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
		// admitted already, as it was accepted (AdmissionGate)
		ChannelPipeline pipeline = channel.pipeline();
		pipeline.addLast(new HttpServerCodec(this.http));
		pipeline.addLast(this.guard);
		pipeline.addLast(new HttpObjectAggregator(MAX_HANDSHAKE_BYTES));
		pipeline.addLast(this.handshakeGuard);
		pipeline.addLast(new WebSocketServerProtocolHandler(this.protocol));
		pipeline.addLast(new WebSocketFrameAggregator(this.maxFrameSize));
		pipeline.addLast(this.frames);
	}

}
