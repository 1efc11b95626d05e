package io.gochat.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.gochat.support.FreePorts;

import static org.awaitility.Awaitility.await;

/**
 * A Redis of the test's own on loopback, without persistence: a restart loses every key,
 * as a cache-only Redis does.
 */
final class RedisProcess implements AutoCloseable {

	// chosen at run time, and kept across a restart: the nodes were told this port
	private final int port = FreePorts.on("127.0.0.1");

	private Process process;

	int port() {
		return this.port;
	}

	/** Starts Redis empty. */
	RedisProcess start() throws IOException {
		Path dir = Files.createTempDirectory("gochat-test-redis");
		List<String> command = List.of("redis-server", "--bind", "127.0.0.1", "--port", Integer.toString(this.port),
				"--save", "", "--appendonly", "no", "--dir", dir.toString());
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve("redis.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IOException("cannot run redis-server: install it (apt-get install -y redis-server)", ex);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> FreePorts.listening("127.0.0.1", this.port));
		return this;
	}

	/** Kills Redis ({@code kill -9}) and starts it again on the same port, empty. */
	void restartEmpty() throws IOException, InterruptedException {
		stop();
		start();
	}

	void stop() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
		await().atMost(Duration.ofSeconds(10)).until(() -> !FreePorts.listening("127.0.0.1", this.port));
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
	}

}
