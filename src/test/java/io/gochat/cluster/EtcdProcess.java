package io.gochat.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.gochat.support.FreePorts;

import static org.awaitility.Awaitility.await;

/**
 * An etcd of the test's own on loopback, so the test can stop and restart it.
 */
final class EtcdProcess implements AutoCloseable {

	// chosen at run time, and kept across a restart: the nodes were told this endpoint
	private final int clientPort = FreePorts.on("127.0.0.1");

	private final int peerPort = FreePorts.on("127.0.0.1");

	private Process process;

	private Path dataDir;

	String endpoint() {
		return "http://127.0.0.1:" + this.clientPort;
	}

	/** Starts etcd with an empty data directory. */
	EtcdProcess start() throws IOException {
		this.dataDir = Files.createTempDirectory("gochat-test-etcd");
		String peer = "http://127.0.0.1:" + this.peerPort;
		List<String> command = List.of("etcd", "--name", "test", "--data-dir", this.dataDir.resolve("data").toString(),
				"--listen-client-urls", endpoint(), "--advertise-client-urls", endpoint(), "--listen-peer-urls", peer,
				"--initial-advertise-peer-urls", peer, "--initial-cluster", "test=" + peer);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.dataDir.resolve("etcd.log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IOException("cannot run etcd: install it (apt-get install -y etcd-server) or run bash .ci/run",
					ex);
		}
		await().atMost(Duration.ofSeconds(30)).until(this::listening);
		return this;
	}

	void stop() throws InterruptedException {
		this.process.destroyForcibly().waitFor();
		await().atMost(Duration.ofSeconds(10)).until(() -> !listening());
	}

	private boolean listening() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.clientPort), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
	}

}
