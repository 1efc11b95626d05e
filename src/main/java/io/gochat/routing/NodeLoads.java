package io.gochat.routing;

import java.util.Map;

/**
 * The live nodes' connection counts, as {@code GET /route} and the status page need them.
 */
public interface NodeLoads {

	/**
	 * The connection count each live node last reported, by RPC address
	 * ({@code ip:rpc-port}), sorted by address.
	 */
	Map<String, Long> snapshot();

	/**
	 * Picks the live node with the fewest connections (counting clients sent there since
	 * its last report) and counts one more client for it.
	 */
	Choice pickLeastLoaded();

	/**
	 * A node to connect to.
	 *
	 * @param node its RPC address, {@code ip:rpc-port}
	 * @param ws its WebSocket URL
	 * @param connections its connections when chosen, the ones just routed there included
	 */
	record Choice(String node, String ws, long connections) {
	}

}
