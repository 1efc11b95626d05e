package io.gochat;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

/**
 * Fails on a dependency cycle between the feature packages or a reach into another
 * module's internals.
 */
class ModularityTests {

	@Test
	void modulesHaveNoCycles() {
		ApplicationModules.of(GoChatApplication.class).verify();
	}

}
