package io.gochat.gateway;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.gochat.node.Refusals;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits a new TCP connection on the WebSocket port, or refuses it when the node holds
 * {@code app.limits.max-connections} or its remote address holds
 * {@code app.limits.max-connections-per-address}. Asked as the connection is accepted,
 * before any handler or buffer is set up for it; an admitted connection is counted until
 * it closes.
 */
final class ConnectionAdmission {

	private static final Logger log = LoggerFactory.getLogger(ConnectionAdmission.class);

	private final int maxConnections;

	private final int maxPerAddress;

	private final Refusals refusals;

	private final AtomicInteger open = new AtomicInteger();

	private final ConcurrentHashMap<InetAddress, AtomicInteger> byAddress = new ConcurrentHashMap<>();

	ConnectionAdmission(int maxConnections, int maxPerAddress, Refusals refusals) {
		this.maxConnections = maxConnections;
		this.maxPerAddress = maxPerAddress;
		this.refusals = refusals;
	}

	/**
	 * Counts the channel in if both caps allow it; it is counted out when it closes.
	 * @return false if it must be closed at once
	 */
	boolean admit(Channel channel) {
		if (this.open.incrementAndGet() > this.maxConnections) {
			this.open.decrementAndGet();
			refused("max-connections", channel);
			return false;
		}
		InetAddress address = addressOf(channel.remoteAddress());
		if (address != null) {
			AtomicInteger count = this.byAddress.compute(address, (key, value) -> {
				AtomicInteger counter = (value != null) ? value : new AtomicInteger();
				counter.incrementAndGet();
				return counter;
			});
			if (count.get() > this.maxPerAddress) {
				release(address);
				this.open.decrementAndGet();
				refused("max-connections-per-address", channel);
				return false;
			}
		}
		channel.closeFuture().addListener((future) -> {
			if (address != null) {
				release(address);
			}
			this.open.decrementAndGet();
		});
		return true;
	}

	int open() {
		return this.open.get();
	}

	private void release(InetAddress address) {
		this.byAddress.computeIfPresent(address, (key, counter) -> (counter.decrementAndGet() <= 0) ? null : counter);
	}

	private void refused(String limit, Channel channel) {
		this.refusals.count(limit);
		log.debug("Refused a connection from {}: {} reached", channel.remoteAddress(), limit);
	}

	private static InetAddress addressOf(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? inet.getAddress() : null;
	}

}
