package io.gochat.presence;

import org.springframework.modulith.NamedInterface;

/**
 * The users connected to this node, as presence needs it to tell a live route to this
 * node from one left over by its earlier run. Implemented by the gateway.
 */
@NamedInterface("ports")
public interface LocalConnections {

	/**
	 * Whether the user has a connection on this node.
	 */
	boolean isConnected(long userId);

}
