package io.gochat.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.gochat.mode.ClusterMode;
import io.gochat.node.NodeProperties;
import io.gochat.node.ServerPhases;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The gRPC server on {@code app.rpc-port}: {@code pb.Connect} for other nodes and the
 * standard gRPC health service, both behind {@link PeerSecurity}.
 */
@ClusterMode
@Component
class RpcServer implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RpcServer.class);

	private final NodeProperties node;

	private final ConnectService connect;

	private final HealthStatusManager health = new HealthStatusManager();

	private volatile Server server;

	private final PeerSecurity security;

	RpcServer(NodeProperties node, ConnectService connect, PeerSecurity security) {
		this.node = node;
		this.connect = connect;
		this.security = security;
	}

	@Override
	public void start() {
		InetSocketAddress address = new InetSocketAddress(this.node.bindAddress(), this.node.rpcPort());
		try {
			this.server = NettyServerBuilder.forAddress(address, this.security.serverCredentials())
				// every call, health checks included, must carry the cluster secret
				.intercept(this.security.interceptor())
				.addService(this.connect)
				.addService(this.health.getHealthService())
				// handlers only queue outputs: running them inline keeps each peer's
				// order
				.directExecutor()
				.build()
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot listen for gRPC on " + address, ex);
		}
		this.health.setStatus("", HealthCheckResponse.ServingStatus.SERVING);
		log.info("gRPC pb.Connect listening on {}:{}", address.getHostString(), this.server.getPort());
	}

	@Override
	public void stop() {
		this.health.enterTerminalState();
		this.server.shutdown();
		try {
			if (!this.server.awaitTermination(2, TimeUnit.SECONDS)) {
				this.server.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.server.shutdownNow();
		}
		this.server = null;
	}

	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	@Override
	public int getPhase() {
		return ServerPhases.SERVERS;
	}

}
