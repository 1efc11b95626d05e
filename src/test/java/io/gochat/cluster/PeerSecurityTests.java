package io.gochat.cluster;

import io.gochat.auth.JwtProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PeerSecurityTests {

	static final JwtProperties JWT = new JwtProperties("node-key", java.time.Duration.ofHours(1),
			java.time.Duration.ofHours(1), java.time.Duration.ofMinutes(1));

	SimpleMeterRegistry meters = new SimpleMeterRegistry();

	PeerSecurity security(boolean enabled, String secret) {
		return new PeerSecurity(new PeerSecurityProperties(new PeerSecurityProperties.Auth(enabled, secret),
				new PeerSecurityProperties.Tls(null, null, null)), JWT, this.meters);
	}

	double refused(String reason) {
		return this.meters.get(PeerSecurity.REFUSED_METER).tag("reason", reason).counter().count();
	}

	@Test
	void refusesAndCountsCallsWithoutOrWithAWrongSecret() {
		PeerSecurity security = security(true, "s3cret");
		assertThat(security.refusal(null)).contains("cluster secret required");
		assertThat(security.refusal("")).contains("cluster secret required");
		assertThat(security.refusal("guess")).isEqualTo("wrong cluster secret");
		assertThat(security.refusal(PeerSecurity.credential("s3cret", null))).isNull();
		assertThat(refused("missing")).isEqualTo(2);
		assertThat(refused("wrong")).isEqualTo(1);
	}

	@Test
	void secretIsDerivedFromTheTokenKeyWhenUnsetAndNeverSentAsIs() {
		PeerSecurity security = security(true, null);
		String derived = PeerSecurity.credential(null, "node-key");
		assertThat(derived).isNotEqualTo("node-key").isNotEqualTo(PeerSecurity.credential(null, "other-key"));
		assertThat(security.refusal(derived)).isNull();
		assertThat(PeerSecurity.credential("s3cret", "node-key")).isNotEqualTo(derived);
	}

	@Test
	void authenticationOffAcceptsEveryCall() {
		assertThat(security(false, null).refusal(null)).isNull();
	}

	@Test
	void tlsFilesGoTogether() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new PeerSecurityProperties.Tls(java.nio.file.Path.of("a.crt"), null, null))
			.withMessageContaining("cluster.tls");
	}

}
