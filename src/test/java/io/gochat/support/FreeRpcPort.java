package io.gochat.support;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives a test node a free {@code app.rpc-port}, chosen when its context is created. The
 * port is the node's identity ({@code ip:rpc-port}) before the gRPC server binds it, so
 * it cannot be 0; tests read it from {@code NodeProperties}.
 */
public class FreeRpcPort implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("freeRpcPort", Map.of("app.rpc-port", FreePorts.on("127.0.0.1"))));
	}

}
