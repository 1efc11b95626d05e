package io.gochat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.Executor;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.gochat.auth.JwtProperties;
import io.gochat.mode.ClusterMode;
import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Who may call this node's gRPC port, and how this node calls its peers: every call
 * carries the cluster secret in the {@code gochat-cluster-auth} header (client side: call
 * credentials; server side: an interceptor that refuses a call without it as
 * {@code UNAUTHENTICATED} and counts it in {@code gochat.rpc.unauthenticated}), and, when
 * {@code cluster.tls.*} is set, both sides present certificates (mutual TLS).
 */
@ClusterMode
@Component
class PeerSecurity {

	static final Metadata.Key<String> HEADER = Metadata.Key.of("gochat-cluster-auth", Metadata.ASCII_STRING_MARSHALLER);

	static final String REFUSED_METER = "gochat.rpc.unauthenticated";

	private static final Logger log = LoggerFactory.getLogger(PeerSecurity.class);

	private final PeerSecurityProperties properties;

	private final @Nullable String credential;

	private final Counter missing;

	private final Counter wrong;

	PeerSecurity(PeerSecurityProperties properties, JwtProperties jwt, MeterRegistry meters) {
		this.properties = properties;
		this.credential = properties.auth().enabled() ? credential(properties.auth().secret(), jwt.signKey()) : null;
		this.missing = Counter.builder(REFUSED_METER)
			.description("gRPC calls refused because they carried no cluster secret")
			.tag("reason", "missing")
			.register(meters);
		this.wrong = Counter.builder(REFUSED_METER)
			.description("gRPC calls refused because they carried a wrong cluster secret")
			.tag("reason", "wrong")
			.register(meters);
		if (this.credential == null) {
			log.warn("cluster.auth.enabled=false: anyone who reaches the gRPC port can push to any online user. "
					+ "Use this only for a cluster that includes Go GoChat nodes, on a network you trust.");
		}
		else {
			log.info("gRPC between nodes: cluster secret required ({}){}",
					(properties.auth().secret() != null && !properties.auth().secret().isBlank())
							? "cluster.auth.secret" : "derived from jwt.sign-key",
					properties.tls().enabled() ? ", mutual TLS" : ", plaintext (no cluster.tls.* set)");
		}
	}

	/**
	 * What goes on the wire: an HMAC of the secret, so that a secret derived from the
	 * token key never crosses the network itself.
	 */
	static String credential(@Nullable String secret, @Nullable String signKey) {
		boolean explicit = secret != null && !secret.isBlank();
		if (!explicit && (signKey == null || signKey.isBlank())) {
			throw new IllegalStateException(
					"cluster.auth.secret is not set and there is no jwt.sign-key to derive it from");
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec((explicit ? secret : signKey).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal("gochat pb.Connect".getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	ServerCredentials serverCredentials() {
		PeerSecurityProperties.Tls tls = this.properties.tls();
		if (!tls.enabled()) {
			return InsecureServerCredentials.create();
		}
		try {
			return TlsServerCredentials.newBuilder()
				.keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
				.trustManager(tls.trustCertificates().toFile())
				.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read cluster.tls.* files: " + ex.getMessage(), ex);
		}
	}

	ChannelCredentials channelCredentials() {
		PeerSecurityProperties.Tls tls = this.properties.tls();
		ChannelCredentials transport;
		if (!tls.enabled()) {
			transport = InsecureChannelCredentials.create();
		}
		else {
			try {
				transport = TlsChannelCredentials.newBuilder()
					.keyManager(tls.certificate().toFile(), tls.privateKey().toFile())
					.trustManager(tls.trustCertificates().toFile())
					.build();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cannot read cluster.tls.* files: " + ex.getMessage(), ex);
			}
		}
		return (this.credential != null) ? CompositeChannelCredentials.create(transport, new SecretCredentials())
				: transport;
	}

	ServerInterceptor interceptor() {
		return new ServerInterceptor() {

			@Override
			public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
					ServerCallHandler<Q, A> next) {
				String refusal = refusal(headers.get(HEADER));
				if (refusal == null) {
					return next.startCall(call, headers);
				}
				log.debug("Refused gRPC call {} from {}: {}", call.getMethodDescriptor().getFullMethodName(),
						call.getAttributes().get(io.grpc.Grpc.TRANSPORT_ATTR_REMOTE_ADDR), refusal);
				call.close(Status.UNAUTHENTICATED.withDescription(refusal), new Metadata());
				return new ServerCall.Listener<>() {
				};
			}

		};
	}

	/** Why a call with this header is refused, or {@code null} when it is not. */
	@Nullable String refusal(@Nullable String presented) {
		if (this.credential == null) {
			return null;
		}
		if (presented == null || presented.isEmpty()) {
			this.missing.increment();
			return "cluster secret required (header gochat-cluster-auth)";
		}
		if (!MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
				this.credential.getBytes(StandardCharsets.US_ASCII))) {
			this.wrong.increment();
			return "wrong cluster secret";
		}
		return null;
	}

	private final class SecretCredentials extends CallCredentials {

		@Override
		public void applyRequestMetadata(RequestInfo info, Executor executor, MetadataApplier applier) {
			Metadata headers = new Metadata();
			headers.put(HEADER, PeerSecurity.this.credential);
			applier.apply(headers);
		}

	}

}
