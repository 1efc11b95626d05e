package io.gochat.cluster;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.gochat.delivery.ClusterNodes;
import io.gochat.presence.NodeMembership;
import io.gochat.protocol.ConnectGrpc;
import io.gochat.protocol.DeliverMessageAllReq;
import io.gochat.protocol.DeliverMessageReq;
import io.gochat.mode.ClusterMode;
import io.gochat.node.NodeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The cluster as etcd shows it, reached over gRPC. Calls are started without waiting (a 1
 * s deadline each): a dead or slow peer never holds up a sender, and the stored copy
 * reaches the user by sync. Calls to one peer go out on one channel in the order they
 * were started.
 */
@ClusterMode
@Component
class EtcdCluster implements ClusterNodes, NodeMembership {

	private static final Logger log = LoggerFactory.getLogger(EtcdCluster.class);

	static final long DEADLINE_MILLIS = 1000;

	private final LiveNodes nodes;

	private final PeerChannels channels;

	private final String self;

	EtcdCluster(LiveNodes nodes, PeerChannels channels, NodeProperties node) {
		this.nodes = nodes;
		this.channels = channels;
		this.self = node.rpcAddress();
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
		report(nodeAddress, stub(nodeAddress).deliverMessage(request));
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
			report(node, stub(node).deliverMessageAll(built));
		}
	}

	private ConnectGrpc.ConnectFutureStub stub(String nodeAddress) {
		return ConnectGrpc.newFutureStub(this.channels.to(nodeAddress))
			.withDeadlineAfter(DEADLINE_MILLIS, TimeUnit.MILLISECONDS);
	}

	private static void report(String nodeAddress, ListenableFuture<Empty> call) {
		Futures.addCallback(call, new FutureCallback<>() {
			@Override
			public void onSuccess(Empty result) {
			}

			@Override
			public void onFailure(Throwable error) {
				log.warn("Delivery to node {} failed: {}", nodeAddress, error.toString());
			}
		}, MoreExecutors.directExecutor());
	}

}
