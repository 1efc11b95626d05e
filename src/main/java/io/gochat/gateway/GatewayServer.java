package io.gochat.gateway;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.gochat.metrics.ChatMetrics;
import io.gochat.node.NodeProperties;
import io.gochat.node.Refusals;
import io.gochat.node.ServerPhases;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The WebSocket endpoint {@code ws://<bind-address>:<websocket-server-port>/ws}, a Netty
 * server (see docs/adr/0001-netty-websocket-gateway.md), started and stopped with the
 * application. On stop it closes every connection, which removes their routes.
 */
@Component
class GatewayServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

	private final NodeProperties node;

	private final GatewayProperties properties;

	private final ConnectionRegistry registry;

	private final ConnectionCleanup cleanup;

	private final CommandWorkers workers;

	private final CommandHandler commands;

	private final ChatMetrics metrics;

	private final GatewayLimits limits;

	private final Refusals refusals;

	private volatile EventLoopGroup bossGroup;

	private volatile EventLoopGroup workerGroup;

	private final PushOrdering ordering;

	private volatile Channel serverChannel;

	private volatile ScheduledFuture<?> heartbeatCheck;

	private volatile ConnectionAdmission admission;

	GatewayServer(NodeProperties node, GatewayProperties properties, ConnectionRegistry registry,
			ConnectionCleanup cleanup, CommandWorkers workers, CommandHandler commands, ChatMetrics metrics,
			GatewayLimits limits, Refusals refusals, PushOrdering ordering) {
		this.ordering = ordering;
		this.metrics = metrics;
		this.limits = limits;
		this.refusals = refusals;
		this.node = node;
		this.properties = properties;
		this.registry = registry;
		this.cleanup = cleanup;
		this.workers = workers;
		this.commands = commands;
	}

	@Override
	public void start() {
		this.bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
		this.workerGroup = new MultiThreadIoEventLoopGroup(this.properties.effectiveIoThreads(),
				NioIoHandler.newFactory());
		OutboundQueue.Bounds outbound = new OutboundQueue.Bounds(this.properties.outboundQueueLimit(),
				this.limits.outboundBytesPerConnection().toBytes(),
				new ByteBudget(this.limits.outboundBytesPerNode().toBytes()), this.refusals);
		WebSocketFrameHandler frames = new WebSocketFrameHandler(this.registry, this.workers, this.commands,
				this.cleanup, outbound, this.limits, this.refusals, this.metrics, this.ordering);
		ConnectionAdmission admission = new ConnectionAdmission(this.limits.maxConnections(),
				this.limits.maxConnectionsPerAddress(), this.refusals);
		this.admission = admission;
		ServerBootstrap bootstrap = new ServerBootstrap().group(this.bossGroup, this.workerGroup)
			.channel(NioServerSocketChannel.class)
			.option(ChannelOption.SO_BACKLOG, 4096)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.handler(new AdmissionGate(admission))
			.childHandler(new GatewayChannelInitializer(this.properties, this.limits, frames));
		InetSocketAddress address = new InetSocketAddress(this.node.bindAddress(), this.node.websocketServerPort());
		try {
			this.serverChannel = bootstrap.bind(address).sync().channel();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while binding " + address, ex);
		}
		catch (Exception ex) {
			// sync() rethrows the bind failure (a checked BindException) as it is
			shutdownGroups();
			throw new IllegalStateException("cannot listen for WebSocket connections on " + address, ex);
		}
		long interval = this.properties.heartbeatInterval().toMillis();
		HeartbeatChecker checker = new HeartbeatChecker(this.registry, this.properties.heartbeatTimeout());
		this.heartbeatCheck = this.workerGroup.scheduleAtFixedRate(checker, interval, interval, TimeUnit.MILLISECONDS);
		log.info("WebSocket gateway listening on ws://{}:{}{}", address.getHostString(), address.getPort(),
				GatewayChannelInitializer.PATH);
	}

	@Override
	public void stop() {
		if (this.heartbeatCheck != null) {
			this.heartbeatCheck.cancel(false);
		}
		if (this.serverChannel != null) {
			this.serverChannel.close().syncUninterruptibly();
		}
		List<ChannelFuture> closing = new ArrayList<>();
		for (Connection connection : this.registry.open()) {
			closing.add(connection.channel().close());
		}
		closing.forEach(ChannelFuture::syncUninterruptibly);
		// the closed connections' routes are removed on the workers: let that finish
		// while Redis is still there
		this.workers.awaitIdle(Duration.ofSeconds(5));
		shutdownGroups();
		this.serverChannel = null;
		log.info("WebSocket gateway stopped");
	}

	private void shutdownGroups() {
		if (this.workerGroup != null) {
			this.workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		}
		if (this.bossGroup != null) {
			this.bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
		}
	}

	@Override
	public boolean isRunning() {
		return this.serverChannel != null;
	}

	@Override
	public int getPhase() {
		return ServerPhases.SERVERS;
	}

	boolean isBound() {
		Channel channel = this.serverChannel;
		return channel != null && channel.isActive();
	}

	int eventLoops() {
		return this.properties.effectiveIoThreads();
	}

	int eventLoopsAlive() {
		EventLoopGroup group = this.workerGroup;
		if (group == null) {
			return 0;
		}
		int alive = 0;
		for (EventExecutor loop : group) {
			if (!loop.isShuttingDown()) {
				alive++;
			}
		}
		return alive;

	}

	/** TCP connections open on the WebSocket port (upgraded or not). */
	int openConnections() {
		ConnectionAdmission current = this.admission;
		return (current != null) ? current.open() : 0;
	}

	/**
	 * The port actually bound (differs from the setting when that is 0).
	 */
	int port() {
		return ((InetSocketAddress) this.serverChannel.localAddress()).getPort();
	}

}
