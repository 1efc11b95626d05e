package io.gochat.presence;

import org.springframework.modulith.NamedInterface;

/**
 * Which nodes of the cluster are alive, as presence needs it to tell a live route from
 * one left over by a node that is gone. Implemented by the cluster module.
 */
@NamedInterface("ports")
public interface NodeMembership {

	/**
	 * Whether {@code nodeAddress} ({@code ip:rpc-port}) is a live node, this one
	 * included.
	 */
	boolean isLive(String nodeAddress);

}
