package io.gochat.routing;

import io.gochat.gateway.GatewayStatus;
import io.gochat.node.NodeProperties;

import org.springframework.stereotype.Component;

/**
 * This node's identity and the WebSocket URL clients are given for it.
 */
@Component
class SelfAddress {

	private final NodeProperties node;

	private final RoutingProperties properties;

	private final GatewayStatus gateway;

	SelfAddress(NodeProperties node, RoutingProperties properties, GatewayStatus gateway) {
		this.node = node;
		this.properties = properties;
		this.gateway = gateway;
	}

	String node() {
		return this.node.rpcAddress();
	}

	/** Read once the gateway listens: the bound port may differ from the setting. */
	String websocketUrl() {
		String configured = this.properties.websocketUrl();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		return "ws://" + this.node.ip() + ":" + this.gateway.port() + this.gateway.path();
	}

	long connections() {
		return this.gateway.online();
	}

	boolean listening() {
		return this.gateway.isBound();
	}

}
