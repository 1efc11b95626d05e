package io.gochat.delivery;

import java.util.Map;

import org.springframework.modulith.NamedInterface;

/**
 * The other nodes of the cluster, as delivery needs them.
 */
@NamedInterface("ports")
public interface ClusterNodes {

	/**
	 * Hands a serialized {@code Output} to the user's connection on another node. A
	 * failure is logged, not thrown: the copy is stored and the user gets it by sync.
	 */
	void deliver(String nodeAddress, long userId, byte[] output);

	/**
	 * Hands each entry to every other live node, which delivers those it holds
	 * connections for. Failures are logged, not thrown.
	 */
	void deliverToOthers(Map<Long, byte[]> outputs);

}
