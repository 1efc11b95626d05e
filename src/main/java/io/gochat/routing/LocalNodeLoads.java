package io.gochat.routing;

import java.util.Map;

import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * A standalone node is the only node: every client is sent to it.
 */
@StandaloneMode
@Component
class LocalNodeLoads implements NodeLoads {

	private final SelfAddress self;

	LocalNodeLoads(SelfAddress self) {
		this.self = self;
	}

	@Override
	public Map<String, Long> snapshot() {
		return Map.of(this.self.node(), this.self.connections());
	}

	@Override
	public Choice pickLeastLoaded() {
		return new Choice(this.self.node(), this.self.websocketUrl(), this.self.connections());
	}

}
