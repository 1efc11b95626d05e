package io.gochat.routing;

/**
 * The live nodes' connection counts, as {@code GET /route} needs them.
 */
interface NodeLoads {

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
