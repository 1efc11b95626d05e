package io.gochat.node;

import io.gochat.mode.AppMode;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs, once the node is ready, the mode it runs in and every endpoint it serves or uses.
 */
@Component
class StartupReport {

	private static final Logger log = LoggerFactory.getLogger(StartupReport.class);

	private final Environment environment;

	private final NodeProperties node;

	StartupReport(Environment environment, NodeProperties node) {
		this.environment = environment;
		this.node = node;
	}

	@EventListener(ApplicationReadyEvent.class)
	void report() {
		AppMode mode = AppMode.parse(this.environment.getProperty(AppMode.PROPERTY));
		List<String> lines = new ArrayList<>();
		lines.add("GoChat node running in " + mode.name().toLowerCase(java.util.Locale.ROOT) + " mode"
				+ (mode == AppMode.STANDALONE ? " (switch with --app.mode=cluster)" : ""));
		lines.add("  REST       http://" + this.node.bindAddress() + ":"
				+ this.environment.getProperty("local.server.port", String.valueOf(this.node.httpServerPort())));
		lines.add("  WebSocket  ws://" + this.node.bindAddress() + ":" + this.node.websocketServerPort() + "/ws");
		lines.add("  database   " + this.environment.getProperty("spring.datasource.url"));
		if (mode == AppMode.CLUSTER) {
			lines.add("  gRPC       " + this.node.rpcAddress() + " (advertised)");
			lines.add("  Redis      " + this.environment.getProperty("spring.data.redis.host") + ":"
					+ this.environment.getProperty("spring.data.redis.port"));
			lines.add("  RabbitMQ   "
					+ this.environment.getProperty("spring.rabbitmq.addresses", "").replaceAll("//[^@/]*@", "//"));
			lines.add("  etcd       " + this.environment.getProperty("etcd.endpoints"));
		}
		log.info(String.join(System.lineSeparator(), lines));
	}

}
