package io.gochat.node;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * Where this node listens and what it advertises ({@code app.*}).
 *
 * @param ip the address other nodes reach this node at; stored in
 * {@code user_online_<uid>}
 * @param bindAddress the address the servers bind to (default: {@code ip})
 * @param httpServerPort REST port (default 9090)
 * @param websocketServerPort WebSocket gateway port (default 9091; 0 picks a free port)
 * @param rpcPort gRPC port (default 9092)
 */
@Validated
@ConfigurationProperties("app")
public record NodeProperties(@NotBlank String ip, @NotBlank String bindAddress, @Min(0) @Max(65535) int httpServerPort,
		@Min(0) @Max(65535) int websocketServerPort, @Min(1) @Max(65535) int rpcPort) {

	/**
	 * The node's RPC address {@code ip:rpc-port}: its identity in Redis routes and etcd.
	 */
	public String rpcAddress() {
		return this.ip + ":" + this.rpcPort;
	}

}
