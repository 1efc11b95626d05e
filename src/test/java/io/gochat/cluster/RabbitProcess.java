package io.gochat.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.gochat.support.FreePorts;

/**
 * A RabbitMQ node of the test's own ({@code gochat-faults-<port>@localhost}) on ports
 * chosen at run time, with its data and logs in a temporary directory and no plugins, so
 * that a test can stop and start it without touching the machine's broker.
 */
final class RabbitProcess implements AutoCloseable {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(90);

	private final int port = FreePorts.on("127.0.0.1");

	private final int distributionPort = FreePorts.on("127.0.0.1");

	private final String node = "gochat-faults-" + this.port + "@localhost";

	private Path dir;

	private Process process;

	/** The address the nodes are given ({@code spring.rabbitmq.addresses}). */
	String address() {
		return "amqp://guest:guest@127.0.0.1:" + this.port + "/";
	}

	RabbitProcess start() throws IOException, InterruptedException {
		this.dir = Files.createTempDirectory("gochat-test-rabbitmq");
		// run as root, rabbitmq-server switches to the rabbitmq user, which must write
		// here
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path plugins = Files.writeString(this.dir.resolve("enabled_plugins"), "[].");
		ProcessBuilder builder = new ProcessBuilder("rabbitmq-server").redirectErrorStream(true)
			.redirectOutput(this.dir.resolve("server.log").toFile());
		builder.environment()
			.putAll(Map.of("RABBITMQ_NODENAME", this.node, "RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1",
					"RABBITMQ_NODE_PORT", Integer.toString(this.port), "RABBITMQ_DIST_PORT",
					Integer.toString(this.distributionPort), "RABBITMQ_MNESIA_BASE",
					this.dir.resolve("mnesia").toString(), "RABBITMQ_LOG_BASE", this.dir.resolve("log").toString(),
					"RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString(), "RABBITMQ_CONFIG_FILE",
					this.dir.resolve("rabbitmq").toString(), "RABBITMQ_PID_FILE", this.dir.resolve("pid").toString()));
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IOException("cannot run rabbitmq-server: install it (apt-get install -y rabbitmq-server)", ex);
		}
		// waits for the pid file, then for the broker to run
		ctl("wait", this.dir.resolve("pid").toString(), "--timeout", "80");
		return this;
	}

	/**
	 * {@code rabbitmqctl stop_app}: the broker closes every connection and refuses new
	 * ones.
	 */
	void stopApp() throws IOException, InterruptedException {
		ctl("stop_app");
	}

	/** {@code rabbitmqctl start_app}. */
	void startApp() throws IOException, InterruptedException {
		ctl("start_app");
	}

	private void ctl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("rabbitmqctl", "-n", this.node));
		command.addAll(List.of(arguments));
		Path output = this.dir.resolve("rabbitmqctl.log");
		Process ctl = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
			.start();
		if (!ctl.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
			ctl.destroyForcibly().waitFor();
			throw new IllegalStateException(command + " did not finish; see " + output + " and " + this.dir);
		}
		if (ctl.exitValue() != 0) {
			throw new IllegalStateException(command + " failed with " + ctl.exitValue() + ": "
					+ Files.readString(output) + "\nsee " + this.dir);
		}
	}

	@Override
	public void close() throws IOException, InterruptedException {
		if (this.process == null) {
			return;
		}
		try {
			ctl("stop");
		}
		finally {
			if (this.process.isAlive() && !this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

}
