package io.gochat.support;

import java.util.Map;

import org.springframework.web.client.RestClient;

/**
 * The management port of a node (actuator): JSON in and out, any status accepted.
 */
public final class ManagementApi {

	private final RestClient rest;

	public ManagementApi(String host, int port) {
		this.rest = RestClient.builder()
			.baseUrl("http://" + host + ":" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> get(String path) {
		return this.rest.get().uri(path).retrieve().body(Map.class);
	}

	public int status(String path) {
		return this.rest.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
	}

}
