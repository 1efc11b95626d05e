package io.gochat.presence;

import java.util.Optional;

/**
 * Which node holds each online user's connection: the RPC address ({@code ip:rpc-port})
 * of that node, or nothing when the user is offline.
 */
interface UserRoutes {

	Optional<String> nodeOf(long userId);

	/**
	 * Records that the user is connected to {@code nodeAddress}, replacing any earlier
	 * route.
	 */
	void register(long userId, String nodeAddress);

	/**
	 * Removes the user's route only if it still points to {@code nodeAddress}, so that a
	 * node cleaning up an old connection never erases the route of a newer login
	 * elsewhere.
	 * @return whether a route was removed
	 */
	boolean removeIfAt(long userId, String nodeAddress);

}
