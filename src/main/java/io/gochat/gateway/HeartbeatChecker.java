package io.gochat.gateway;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes connections that neither read nor wrote for longer than the heartbeat timeout.
 * One scan of all connections every interval replaces a timer per connection.
 */
final class HeartbeatChecker implements Runnable {

	private static final Logger log = LoggerFactory.getLogger(HeartbeatChecker.class);

	private final ConnectionRegistry registry;

	private final long timeoutMillis;

	HeartbeatChecker(ConnectionRegistry registry, Duration timeout) {
		this.registry = registry;
		this.timeoutMillis = timeout.toMillis();
	}

	@Override
	public void run() {
		long deadline = System.currentTimeMillis() - this.timeoutMillis;
		int closed = 0;
		for (Connection connection : this.registry.open()) {
			if (connection.lastActiveMillis() < deadline) {
				connection.close();
				closed++;
			}
		}
		if (closed > 0) {
			log.info("Closed {} connections idle for longer than {} ms", closed, this.timeoutMillis);
		}
	}

}
