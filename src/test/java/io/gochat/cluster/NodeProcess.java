package io.gochat.cluster;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A GoChat node in a process of its own, started from the built jar, so that it can be
 * killed without any cleanup ({@code kill -9}).
 */
final class NodeProcess implements AutoCloseable {

	static final int HTTP_PORT = 19190;

	static final int WS_PORT = 19191;

	static final int RPC_PORT = 19192;

	static final int MANAGEMENT_PORT = 19193;

	/** The token key all nodes of the test cluster share. */
	static final String SIGN_KEY = "cluster-test-key-0123456789abcdefghij";

	private static final Path JAR = Path.of("target", "gochat-server.jar");

	final String ip;

	private final List<String> command;

	private final Path log;

	private Process process;

	NodeProcess(String ip, String etcdEndpoint, String... extraArguments) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR + " is missing: run ./mvnw verify (it packages the jar first)");
		}
		this.ip = ip;
		this.log = Path.of("target", "cluster-node-" + ip + ".log");
		String java = ProcessHandle.current().info().command().orElse("java");
		this.command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseCompactObjectHeaders",
				"--enable-native-access=ALL-UNNAMED", "-jar", JAR.toString(), "--app.ip=" + ip,
				"--app.http-server-port=" + HTTP_PORT, "--app.websocket-server-port=" + WS_PORT,
				"--app.rpc-port=" + RPC_PORT, "--management.server.address=" + ip,
				"--management.server.port=" + MANAGEMENT_PORT, "--app.mode=cluster", "--etcd.endpoints=" + etcdEndpoint,
				"--jwt.sign-key=" + SIGN_KEY, "--app.password-strength=4", "--log.target=console", "--log.level=info"));
		this.command.addAll(List.of(extraArguments));
	}

	NodeProcess start() throws IOException {
		this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		return this;
	}

	/** Waits until the node answers its public health check. */
	NodeProcess awaitUp() {
		HttpClient http = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(URI.create("http://" + this.ip + ":" + HTTP_PORT + "/healthz"))
			.timeout(Duration.ofSeconds(2))
			.build();
		await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("node " + this.ip + " exited; see " + this.log.toAbsolutePath());
			}
			try {
				return http.send(health, HttpResponse.BodyHandlers.ofString()).body().contains("UP");
			}
			catch (IOException ex) {
				return false;
			}
		});
		return this;
	}

	/** Waits until the process exits by itself (a refused start) and returns its log. */
	String awaitExit() throws IOException, InterruptedException {
		if (!this.process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)) {
			throw new IllegalStateException("node " + this.ip + " did not exit; see " + this.log.toAbsolutePath());
		}
		return Files.readString(this.log);
	}

	String rpcAddress() {
		return this.ip + ":" + RPC_PORT;
	}

	/** Kills the process without letting it clean up, like {@code kill -9}. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}
	}

	File logFile() {
		return this.log.toFile();
	}

}
