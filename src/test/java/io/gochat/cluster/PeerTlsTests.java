package io.gochat.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.gochat.auth.JwtProperties;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Mutual TLS between nodes with certificate files made by {@code openssl}: a node with a
 * certificate signed by the cluster's CA gets through; a client without a certificate,
 * with one from another CA, or in plaintext does not. Runs a gRPC server on a free
 * loopback port with the same credentials and interceptor as {@link RpcServer}.
 */
class PeerTlsTests {

	@TempDir
	Path dir;

	Server server;

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	void openssl(String... arguments) throws IOException, InterruptedException {
		List<String> command = new java.util.ArrayList<>(List.of("openssl"));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).directory(this.dir.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IllegalStateException("openssl " + String.join(" ", arguments) + " failed (openssl is needed "
					+ "for this test: apt-get install openssl):\n" + output);
		}
	}

	/** A CA, and a certificate for 127.0.0.1 signed by it. */
	void certificates(String ca, String node) throws Exception {
		openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca + ".key", "-out", ca + ".crt", "-days",
				"1", "-subj", "/CN=" + ca);
		openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", node + ".key", "-out", node + ".csr", "-subj",
				"/CN=" + node);
		Files.writeString(this.dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
		openssl("x509", "-req", "-in", node + ".csr", "-CA", ca + ".crt", "-CAkey", ca + ".key", "-CAcreateserial",
				"-out", node + ".crt", "-days", "1", "-extfile", "san.ext");
	}

	PeerSecurity security(String node, String ca) {
		return new PeerSecurity(
				new PeerSecurityProperties(new PeerSecurityProperties.Auth(true, "s3cret"),
						new PeerSecurityProperties.Tls(this.dir.resolve(node + ".crt"), this.dir.resolve(node + ".key"),
								this.dir.resolve(ca + ".crt"))),
				new JwtProperties("key", Duration.ofHours(1), Duration.ofHours(1), Duration.ofMinutes(1)), this.meters);
	}

	@BeforeEach
	void startServer() throws Exception {
		certificates("ca", "node");
		certificates("other-ca", "intruder");
		PeerSecurity security = security("node", "ca");
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), security.serverCredentials())
			.intercept(security.interceptor())
			.addService(new HealthStatusManager().getHealthService())
			.build()
			.start();
	}

	@AfterEach
	void stopServer() {
		this.server.shutdownNow();
	}

	HealthCheckResponse.ServingStatus check(ManagedChannel channel) {
		try {
			return HealthGrpc.newBlockingStub(channel)
				.withDeadlineAfter(10, TimeUnit.SECONDS)
				.check(HealthCheckRequest.getDefaultInstance())
				.getStatus();
		}
		finally {
			channel.shutdownNow();
		}
	}

	String target() {
		return "127.0.0.1:" + this.server.getPort();
	}

	@Test
	void peerWithACertificateOfTheClusterCaGetsThrough() {
		ManagedChannel channel = NettyChannelBuilder.forTarget(target(), security("node", "ca").channelCredentials())
			.build();
		assertThat(check(channel)).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void peerWithACertificateOfAnotherCaIsRefused() {
		// trusts the server, but presents a certificate the server does not trust
		ManagedChannel channel = NettyChannelBuilder
			.forTarget(target(), security("intruder", "ca").channelCredentials())
			.build();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(channel))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

	@Test
	void plaintextClientIsRefused() {
		ManagedChannel channel = NettyChannelBuilder.forTarget(target()).usePlaintext().build();
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> check(channel))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
	}

}
