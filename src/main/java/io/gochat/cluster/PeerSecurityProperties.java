package io.gochat.cluster;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How nodes authenticate each other on {@code pb.Connect} ({@code cluster.*}).
 *
 * @param auth the shared secret every gRPC call must carry
 * @param tls optional mutual TLS between nodes
 */
@ConfigurationProperties("cluster")
record PeerSecurityProperties(@DefaultValue Auth auth, @DefaultValue Tls tls) {

	/**
	 * @param enabled whether calls must carry the cluster secret (default true); set to
	 * false, explicitly, only for a cluster that includes Go GoChat nodes, which send no
	 * secret
	 * @param secret the secret shared by all nodes; when unset it is derived from
	 * {@code jwt.sign-key}, which every node of a cluster already shares
	 */
	record Auth(@DefaultValue("true") boolean enabled, @Nullable String secret) {
	}

	/**
	 * All three set: calls between nodes use TLS with client certificates; none set:
	 * plaintext.
	 *
	 * @param certificate this node's certificate chain (PEM), naming its {@code app.ip}
	 * @param privateKey its private key (PEM, PKCS#8)
	 * @param trustCertificates the certificates (PEM) that sign the nodes' certificates
	 */
	record Tls(@Nullable Path certificate, @Nullable Path privateKey, @Nullable Path trustCertificates) {

		Tls {
			int set = ((certificate != null) ? 1 : 0) + ((privateKey != null) ? 1 : 0)
					+ ((trustCertificates != null) ? 1 : 0);
			if (set != 0 && set != 3) {
				throw new IllegalArgumentException("cluster.tls: set certificate, private-key and trust-certificates "
						+ "together (mutual TLS), or none of them");
			}
		}

		boolean enabled() {
			return this.certificate != null;
		}

	}

}
