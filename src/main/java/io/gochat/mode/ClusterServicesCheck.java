package io.gochat.mode;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * Before a cluster node starts: is each external service listening at its configured
 * address? A node that cannot reach one refuses to start, naming the service, the address
 * and the key.
 */
final class ClusterServicesCheck {

	private static final int CONNECT_TIMEOUT_MILLIS = 3000;

	private final Environment environment;

	ClusterServicesCheck(Environment environment) {
		this.environment = environment;
	}

	void requireReachable() {
		List<String> unreachable = new ArrayList<>();
		check(unreachable, "MySQL", "spring.datasource.url", databaseAddress());
		check(unreachable, "Redis", "spring.data.redis.host/port",
				new Address(this.environment.getProperty("spring.data.redis.host", "localhost"),
						this.environment.getProperty("spring.data.redis.port", Integer.class, 6379)));
		check(unreachable, "RabbitMQ", "spring.rabbitmq.addresses", uriAddress(
				firstOf(this.environment.getProperty("spring.rabbitmq.addresses", "amqp://localhost:5672")), 5672));
		check(unreachable, "etcd", "etcd.endpoints",
				uriAddress(firstOf(this.environment.getProperty("etcd.endpoints", "http://localhost:2379")), 2379));
		if (!unreachable.isEmpty()) {
			throw new IllegalStateException("app.mode=cluster needs these services, which do not answer:\n  "
					+ String.join("\n  ", unreachable)
					+ "\nStart them (scripts/run.sh does on Debian), point the settings at them, or run with app.mode=standalone.");
		}
	}

	private Address databaseAddress() {
		String url = this.environment.getProperty("spring.datasource.url", "");
		// jdbc:mysql://host:port/db?... or jdbc:mariadb://...
		return url.startsWith("jdbc:") ? uriAddress(url.substring("jdbc:".length()), 3306) : null;
	}

	private static String firstOf(String list) {
		return list.split(",")[0].strip();
	}

	private static Address uriAddress(String uri, int defaultPort) {
		try {
			URI parsed = URI.create(uri.contains("://") ? uri : "tcp://" + uri);
			return new Address(parsed.getHost(), (parsed.getPort() > 0) ? parsed.getPort() : defaultPort);
		}
		catch (IllegalArgumentException ex) {
			return new Address(uri, -1);
		}
	}

	private static void check(List<String> unreachable, String service, String key, Address address) {
		if (address == null) {
			return;
		}
		if (address.host() == null || address.port() <= 0) {
			unreachable.add(service + ": cannot read an address from " + key);
			return;
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(address.host(), address.port()), CONNECT_TIMEOUT_MILLIS);
		}
		catch (IOException ex) {
			unreachable
				.add(service + " at " + address.host() + ":" + address.port() + " (" + key + "): " + ex.getMessage());
		}
	}

	private record Address(String host, int port) {
	}

}
