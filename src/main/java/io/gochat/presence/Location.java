package io.gochat.presence;

/**
 * A user's whereabouts: connected to this node ({@link #LOCAL}), to another live node
 * ({@link #node()} is its {@code ip:rpc-port}), or {@link #OFFLINE}.
 */
public record Location(String node) {

	public static final Location LOCAL = new Location("local");

	public static final Location OFFLINE = new Location("offline");

}
