package io.gochat.mode;

import io.gochat.GoChatApplication;
import io.gochat.support.RequiredServices;
import io.gochat.support.UnreachableServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A cluster node never falls back to standalone: it refuses to start, naming what is
 * missing.
 */
@ExtendWith(RequiredServices.class)
class ClusterModeStartupIntegrationTests {

	@Test
	void refusesToStartWhenAServiceIsUnreachable() {
		assertThatIllegalStateException()
			.isThrownBy(() -> new SpringApplicationBuilder(GoChatApplication.class).run("--app.mode=cluster",
					"--server.port=0", "--app.websocket-server-port=0", "--log.target=console",
					"--" + UnreachableServices.REDIS, "--" + UnreachableServices.ETCD))
			.withMessageContaining("app.mode=cluster needs these services")
			.withMessageContaining("Redis at 127.0.0.1:1")
			.withMessageContaining("etcd at 127.0.0.1:1 (etcd.endpoints)")
			.withMessageNotContaining("RabbitMQ");
	}

	@Test
	void refusesToStartWithoutATokenKeyNamingTheSetting() {
		assertThatException()
			.isThrownBy(() -> new SpringApplicationBuilder(GoChatApplication.class).run("--app.mode=cluster",
					"--server.port=0", "--app.websocket-server-port=0", "--app.rpc-port=20491",
					"--management.server.port=0", "--log.target=console"))
			.havingRootCause()
			.isInstanceOf(IllegalStateException.class)
			.withMessageStartingWith("jwt.sign-key is not set");
	}

	@Test
	void refusesAnUnknownMode() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SpringApplicationBuilder(GoChatApplication.class).run("--app.mode=both",
					"--server.port=0", "--app.websocket-server-port=0", "--log.target=console"))
			.withMessageContaining("expected: standalone or cluster");
	}

}
