package io.gochat.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class loudly when a service it needs is not listening, with the command
 * that starts it (on Debian; {@code .ci/run} does all of this).
 */
public final class RequiredServices implements BeforeAllCallback {

	private static final List<Service> SERVICES = List.of(
			new Service("MariaDB/MySQL", 3306,
					"start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd"),
			new Service("Redis", 6379,
					"redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save \"\" --appendonly no"),
			new Service("RabbitMQ", 5672, "rabbitmq-server -detached"),
			new Service("etcd", 2379, "etcd --data-dir /tmp/gochat-etcd/data --listen-client-urls http://127.0.0.1:2379"
					+ " --advertise-client-urls http://127.0.0.1:2379 --listen-peer-urls http://127.0.0.1:2380 &"));

	@Override
	public void beforeAll(ExtensionContext context) {
		List<String> missing = new ArrayList<>();
		for (Service service : SERVICES) {
			if (!listening(service.port())) {
				missing.add(service.name() + " is not listening on 127.0.0.1:" + service.port() + "; start it with: "
						+ service.startCommand());
			}
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("Integration tests need the real services (or run bash .ci/run):\n  "
					+ String.join("\n  ", missing));
		}
	}

	private static boolean listening(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private record Service(String name, int port, String startCommand) {
	}

}
