package io.gochat.ops;

import java.util.Map;

import io.gochat.node.NodeProperties;
import io.gochat.support.IntegrationTest;
import io.gochat.support.ManagementApi;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The readiness of a cluster node covers every service it needs and its gateway.
 */
@IntegrationTest
class ClusterHealthIntegrationTests {

	@LocalManagementPort
	int managementPort;

	@Autowired
	NodeProperties node;

	@Test
	@SuppressWarnings("unchecked")
	void readinessChecksEveryServiceAndTheGateway() {
		Map<String, Object> readiness = new ManagementApi("127.0.0.1", this.managementPort)
			.get("/actuator/health/readiness");
		Map<String, Object> components = (Map<String, Object>) readiness.get("components");
		assertThat(components).containsOnlyKeys("readinessState", "db", "redis", "rabbit", "etcd", "gateway");
		assertThat(readiness).as(readiness.toString()).containsEntry("status", "UP");
		Map<String, Object> etcd = (Map<String, Object>) components.get("etcd");
		assertThat((Map<String, Object>) etcd.get("details")).containsEntry("node", this.node.rpcAddress());
	}

}
