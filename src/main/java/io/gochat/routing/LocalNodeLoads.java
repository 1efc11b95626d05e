package io.gochat.routing;

import io.gochat.system.StandaloneMode;

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
	public Choice pickLeastLoaded() {
		return new Choice(this.self.node(), this.self.websocketUrl(), this.self.connections());
	}

}
