package io.gochat.cluster;

import java.util.Map;

import io.gochat.delivery.ClusterNodes;
import io.gochat.presence.NodeMembership;
import io.gochat.node.NodeProperties;
import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * The cluster of a standalone node: it is the only live node, so a route naming any other
 * address is stale and every push is local.
 */
@StandaloneMode
@Component
class SingleNodeCluster implements ClusterNodes, NodeMembership {

	private final String self;

	SingleNodeCluster(NodeProperties node) {
		this.self = node.rpcAddress();
	}

	@Override
	public boolean isLive(String nodeAddress) {
		return this.self.equals(nodeAddress);
	}

	@Override
	public void deliver(String nodeAddress, long userId, byte[] output) {
		throw new IllegalStateException("node " + nodeAddress + " is not part of this standalone node's cluster");
	}

	@Override
	public void deliverToOthers(Map<Long, byte[]> outputs) {
		// there are no other nodes
	}

}
