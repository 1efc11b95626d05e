package io.gochat.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.gochat.mode.ClusterMode;

import org.springframework.stereotype.Component;

/**
 * The RPC addresses of the nodes registered in etcd, as last seen. Keeps serving the last
 * known set while etcd is unreachable.
 */
@ClusterMode
@Component
class LiveNodes {

	private final Set<String> nodes = ConcurrentHashMap.newKeySet();

	private final List<Consumer<String>> leaveListeners = new CopyOnWriteArrayList<>();

	boolean contains(String address) {
		return this.nodes.contains(address);
	}

	Set<String> snapshot() {
		return Set.copyOf(this.nodes);
	}

	void joined(String address) {
		this.nodes.add(address);
	}

	void left(String address) {
		if (this.nodes.remove(address)) {
			this.leaveListeners.forEach((listener) -> listener.accept(address));
		}
	}

	/**
	 * Replaces the set with a full listing, telling listeners about nodes that are gone.
	 */
	void replaceWith(Collection<String> current) {
		this.nodes.addAll(current);
		for (String known : Set.copyOf(this.nodes)) {
			if (!current.contains(known)) {
				left(known);
			}
		}
	}

	void onLeave(Consumer<String> listener) {
		this.leaveListeners.add(listener);
	}

}
