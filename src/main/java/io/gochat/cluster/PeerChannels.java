package io.gochat.cluster;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.gochat.mode.ClusterMode;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One gRPC channel per peer node, created on first use and closed when the node leaves
 * (upstream dials a new connection per call). Calls carry the cluster secret, over TLS
 * when configured ({@link PeerSecurity}).
 */
@ClusterMode
@Component
class PeerChannels implements DisposableBean {

	private final ConcurrentHashMap<String, ManagedChannel> channels = new ConcurrentHashMap<>();

	private final ChannelCredentials credentials;

	PeerChannels(LiveNodes nodes, PeerSecurity security) {
		this.credentials = security.channelCredentials();
		nodes.onLeave(this::close);
	}

	ManagedChannel to(String address) {
		return this.channels.computeIfAbsent(address,
				(target) -> NettyChannelBuilder.forTarget(target, this.credentials).build());
	}

	void close(String address) {
		ManagedChannel channel = this.channels.remove(address);
		if (channel != null) {
			channel.shutdown();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		for (ManagedChannel channel : this.channels.values()) {
			channel.shutdown();
		}
		for (ManagedChannel channel : this.channels.values()) {
			channel.awaitTermination(2, TimeUnit.SECONDS);
		}
		this.channels.clear();
	}

}
