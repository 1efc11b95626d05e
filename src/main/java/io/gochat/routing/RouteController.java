package io.gochat.routing;

import java.util.Map;

import io.gochat.web.ApiResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /route}: where a client should connect. No token needed; answers
 * {@code {"code":200,"msg":"ok","data":{"ws":"ws://…/ws","node":"ip:rpc-port"}}}.
 */
@RestController
class RouteController {

	private final NodeLoads loads;

	RouteController(NodeLoads loads) {
		this.loads = loads;
	}

	@GetMapping("/route")
	ApiResponse route() {
		NodeLoads.Choice choice = this.loads.pickLeastLoaded();
		return ApiResponse.ok("ok", Map.of("ws", choice.ws(), "node", choice.node()));
	}

}
