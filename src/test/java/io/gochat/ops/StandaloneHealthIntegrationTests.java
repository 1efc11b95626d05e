package io.gochat.ops;

import java.util.Map;

import io.gochat.support.ManagementApi;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probes of a standalone node: readiness checks the embedded database and the gateway
 * (nothing else exists), liveness only the JVM's own state; both on the management port,
 * none on the public one.
 */
@StandaloneIntegrationTest
class StandaloneHealthIntegrationTests {

	@LocalManagementPort
	int managementPort;

	@LocalServerPort
	int httpPort;

	@Test
	@SuppressWarnings("unchecked")
	void readinessChecksTheDatabaseAndTheGateway() {
		Map<String, Object> readiness = new ManagementApi("127.0.0.1", this.managementPort)
			.get("/actuator/health/readiness");
		assertThat(readiness).containsEntry("status", "UP");
		Map<String, Object> components = (Map<String, Object>) readiness.get("components");
		assertThat(components).containsOnlyKeys("readinessState", "db", "gateway");
		Map<String, Object> gateway = (Map<String, Object>) components.get("gateway");
		assertThat((Map<String, Object>) gateway.get("details")).containsEntry("bound", true)
			.containsKey("eventLoopsAlive");
	}

	@Test
	@SuppressWarnings("unchecked")
	void livenessIsTheJvmOnly() {
		Map<String, Object> liveness = new ManagementApi("127.0.0.1", this.managementPort)
			.get("/actuator/health/liveness");
		assertThat(liveness).containsEntry("status", "UP");
		assertThat((Map<String, Object>) liveness.get("components")).containsOnlyKeys("livenessState");
	}

	@Test
	void actuatorIsNotOnThePublicPort() {
		// the public port answers unknown paths in its own JSON shape
		assertThat(new ManagementApi("127.0.0.1", this.httpPort).get("/actuator/health")).doesNotContainKey("status")
			.containsEntry("code", -1);
	}

}
