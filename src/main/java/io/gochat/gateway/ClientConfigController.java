package io.gochat.gateway;

import java.util.Map;

import io.gochat.web.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /client_config}: what a client needs to open its WebSocket, so that neither
 * the web page nor the SDK hard-code a port. The host is the one the client reached this
 * node by; the port is the one the gateway listens on.
 */
@RestController
class ClientConfigController {

	private final GatewayServer gateway;

	ClientConfigController(GatewayServer gateway) {
		this.gateway = gateway;
	}

	@GetMapping("/client_config")
	ApiResponse config(HttpServletRequest request) {
		String host = request.getServerName();
		if (host.contains(":")) {
			// an IPv6 literal
			host = "[" + host + "]";
		}
		String url = "ws://" + host + ":" + this.gateway.port() + GatewayServer.PATH;
		return ApiResponse.ok("ok", Map.of("ws_url", url));
	}

}
