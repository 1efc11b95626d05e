/**
 * The Netty WebSocket gateway: connections, their writers and workers, the heartbeat
 * check. It writes the bytes {@code wire} encodes and asks delivery for everything else.
 */
@ApplicationModule(allowedDependencies = { "auth", "delivery", "delivery :: ports", "node", "presence",
		"presence :: ports", "protocol", "wire" })
package io.gochat.gateway;

import org.springframework.modulith.ApplicationModule;
