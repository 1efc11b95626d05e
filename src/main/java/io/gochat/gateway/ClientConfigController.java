package io.gochat.gateway;

import java.util.Map;

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

	// the REST answer shape {"code","msg","data"}, written out: web's ApiResponse is not
	// a
	// dependency the gateway declares
	@GetMapping("/client_config")
	Map<String, Object> config(HttpServletRequest request) {
		String host = request.getServerName();
		if (host.contains(":")) {
			// an IPv6 literal
			host = "[" + host + "]";
		}
		String url = "ws://" + host + ":" + this.gateway.port() + GatewayChannelInitializer.PATH;
		return Map.of("code", 200, "msg", "ok", "data", Map.of("ws_url", url));
	}

}
