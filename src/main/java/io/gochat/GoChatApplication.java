package io.gochat;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Entry point of a GoChat node: REST on {@code app.http-server-port}, the WebSocket
 * gateway on {@code app.websocket-server-port} and gRPC on {@code app.rpc-port}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GoChatApplication {

	public static void main(String[] args) {
		SpringApplication.run(GoChatApplication.class, args);
	}

}
