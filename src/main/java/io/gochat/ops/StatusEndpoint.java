package io.gochat.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gochat.node.NodeProperties;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The live status page on the management port: {@code GET /actuator/status} is a page
 * (plain JavaScript and SVG, nothing loaded from elsewhere) that reads
 * {@code GET /actuator/status/data} every two seconds: online users, messages and pushes
 * per second, push latency percentiles, persistence backlog and lag, and the live nodes
 * with their connections, with five minutes of history.
 */
@Component
@Endpoint(id = "status")
public class StatusEndpoint {

	private static final String PAGE = "/io/gochat/ops/status.html";

	private final StatusSampler sampler;

	private final String node;

	private final String mode;

	private final String page;

	StatusEndpoint(StatusSampler sampler, NodeProperties node, Environment environment) {
		this.sampler = sampler;
		this.node = node.rpcAddress();
		this.mode = environment.getProperty("app.mode", "standalone");
		this.page = read(PAGE);
	}

	@ReadOperation(produces = "text/html;charset=UTF-8")
	public String page() {
		return this.page;
	}

	@ReadOperation(produces = "application/json")
	public WebEndpointResponse<Map<String, Object>> data(@Selector String part) {
		if (!"data".equals(part)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		List<Map<String, Object>> history = this.sampler.history();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("node", this.node);
		data.put("mode", this.mode);
		data.put("intervalSeconds", StatusSampler.INTERVAL_SECONDS);
		data.put("current", history.isEmpty() ? Map.of() : history.get(history.size() - 1));
		data.put("peers", this.sampler.peers());
		data.put("history", history);
		return new WebEndpointResponse<>(data, WebEndpointResponse.STATUS_OK);
	}

	private static String read(String resource) {
		try (InputStream in = StatusEndpoint.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is missing from the jar");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
