package io.gochat.loadtest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

/**
 * Opens WebSocket client connections on a few event-loop threads shared by all of them (a
 * thread per connection would cost more memory and CPU than the server under test). Uses
 * Linux's epoll transport when it is there, NIO otherwise.
 */
final class WebSocketConnector implements AutoCloseable {

	// downstream frames hold at most 50 outputs of a few hundred bytes; leave room
	private static final int MAX_FRAME = 1024 * 1024;

	private static final int MAX_HANDSHAKE_RESPONSE = 16 * 1024;

	private final EventLoopGroup group;

	private final Bootstrap bootstrap;

	private final int threads;

	private final String transport;

	private final int timeoutMs;

	WebSocketConnector(int threads, int timeoutMs) {
		this.threads = threads;
		this.timeoutMs = timeoutMs;
		boolean epoll = Epoll.isAvailable();
		this.transport = epoll ? "epoll" : "nio";
		this.group = new MultiThreadIoEventLoopGroup(threads,
				epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
		this.bootstrap = new Bootstrap().group(this.group)
			.channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
			.option(ChannelOption.TCP_NODELAY, true)
			.option(ChannelOption.SO_REUSEADDR, true)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, timeoutMs);
	}

	int threads() {
		return this.threads;
	}

	String transport() {
		return this.transport;
	}

	/**
	 * Connects {@code connection} to {@code uri}, from {@code localAddress} when not null, and
	 * logs it in.
	 * @return completes when the login ACK arrived, exceptionally on any failure
	 */
	CompletableFuture<Void> connect(URI uri, InetAddress localAddress, ChatConnection connection) {
		WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
			.webSocketUri(uri)
			.version(WebSocketVersion.V13)
			.allowExtensions(false)
			.maxFramePayloadLength(MAX_FRAME)
			.handshakeTimeoutMillis(this.timeoutMs)
			.dropPongFrames(true)
			.build();
		Bootstrap b = this.bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
			@Override
			protected void initChannel(SocketChannel ch) {
				ChannelPipeline p = ch.pipeline();
				p.addLast(new HttpClientCodec());
				p.addLast(new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE));
				p.addLast(new WebSocketClientProtocolHandler(config));
				p.addLast(new WebSocketFrameAggregator(MAX_FRAME));
				p.addLast(new ChatFrameHandler(connection));
			}
		});
		InetSocketAddress remote = connection.endpoint();
		ChannelFuture connecting = (localAddress == null) ? b.connect(remote)
				: b.connect(remote, new InetSocketAddress(localAddress, 0));
		connecting.addListener((ChannelFuture f) -> {
			if (!f.isSuccess()) {
				connection.onFailure(f.cause());
			}
		});
		return connection.loggedIn().orTimeout(this.timeoutMs * 2L, TimeUnit.MILLISECONDS);
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
	}

}
