package io.gochat.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.gochat.delivery.ClusterNodes;
import io.gochat.metrics.ChatMetrics;
import io.gochat.metrics.ChatMetrics.PeerCall;
import io.gochat.metrics.ChatMetrics.PeerCallOutcome;
import io.gochat.mode.ClusterMode;
import io.gochat.node.NodeProperties;
import io.gochat.presence.NodeMembership;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageAllReq;
import io.gochat.protocol.DeliverMessageReq;
import io.grpc.Status;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The cluster as etcd shows it, reached over gRPC. Pushes to a peer go through its
 * {@link PeerSender}: in order, a bounded number of calls in flight, retried while the
 * peer is a member. A slow peer never holds up a sender, and nothing is dropped because a
 * call was slow; a peer that leaves the membership is given up on, and the stored copies
 * reach its users by sync.
 */
@ClusterMode
@Component
class EtcdCluster implements ClusterNodes, NodeMembership, DisposableBean {

	private final LiveNodes nodes;

	private final PeerChannels channels;

	private final PeerDeliveryProperties properties;

	private final String self;

	private final ConcurrentHashMap<String, PeerSender> senders = new ConcurrentHashMap<>();

	private final ChatMetrics metrics;

	private final ScheduledExecutorService retries = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("gochat-peer-retry").daemon().factory());

	EtcdCluster(LiveNodes nodes, PeerChannels channels, ChatMetrics metrics, NodeProperties node,
			PeerDeliveryProperties properties) {
		this.metrics = metrics;
		metrics.gauge("gochat.cluster.nodes", "Live nodes registered in etcd, this one included", nodes,
				LiveNodes::size);
		this.nodes = nodes;
		this.channels = channels;
		this.properties = properties;
		this.self = node.rpcAddress();
		nodes.onLeave((address) -> {
			PeerSender sender = this.senders.remove(address);
			if (sender != null) {
				sender.close();
			}
		});
	}

	@Override
	public boolean isLive(String nodeAddress) {
		return this.nodes.contains(nodeAddress);
	}

	@Override
	public void deliver(String nodeAddress, long userId, byte[] output) {
		DeliverMessageReq request = DeliverMessageReq.newBuilder()
			.setReceiverId(userId)
			.setData(ByteString.copyFrom(output))
			.build();
		sender(nodeAddress).send((address) -> report(PeerCall.DELIVER, stub(address).deliverMessage(request)));
	}

	@Override
	public void deliverToOthers(Map<Long, byte[]> outputs) {
		List<String> others = this.nodes.snapshot().stream().filter((node) -> !node.equals(this.self)).toList();
		if (others.isEmpty() || outputs.isEmpty()) {
			return;
		}
		DeliverMessageAllReq.Builder request = DeliverMessageAllReq.newBuilder();
		outputs.forEach((userId, output) -> request.putReceiverId2Data(userId, ByteString.copyFrom(output)));
		DeliverMessageAllReq built = request.build();
		for (String node : others) {
			sender(node).send((address) -> report(PeerCall.DELIVER_ALL, stub(address).deliverMessageAll(built)));
		}
	}

	private PeerSender sender(String nodeAddress) {
		return this.senders.computeIfAbsent(nodeAddress, (address) -> new PeerSender(address, this.properties.window(),
				this.properties.queueCapacity(), this.retries));
	}

	private ConnectGrpc.ConnectFutureStub stub(String nodeAddress) {
		return ConnectGrpc.newFutureStub(this.channels.to(nodeAddress))
			.withDeadlineAfter(this.properties.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Counts the call's outcome; the sender logs and retries failures. */
	private ListenableFuture<Empty> report(PeerCall method, ListenableFuture<Empty> call) {
		Futures.addCallback(call, new FutureCallback<>() {
			@Override
			public void onSuccess(Empty result) {
				EtcdCluster.this.metrics.peerCall(method, PeerCallOutcome.OK);
			}

			@Override
			public void onFailure(Throwable error) {
				EtcdCluster.this.metrics.peerCall(method,
						(Status.fromThrowable(error).getCode() == Status.Code.DEADLINE_EXCEEDED)
								? PeerCallOutcome.DEADLINE : PeerCallOutcome.ERROR);
			}
		}, MoreExecutors.directExecutor());
		return call;
	}

	@Override
	public void destroy() {
		this.senders.values().forEach(PeerSender::close);
		this.retries.shutdownNow();
	}

}
