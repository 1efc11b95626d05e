package io.gochat.mode;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AppModeTests {

	@Test
	void standaloneUnlessClusterIsAsked() {
		assertThat(AppMode.parse(null)).isEqualTo(AppMode.STANDALONE);
		assertThat(AppMode.parse("")).isEqualTo(AppMode.STANDALONE);
		assertThat(AppMode.parse("Standalone")).isEqualTo(AppMode.STANDALONE);
		assertThat(AppMode.parse(" CLUSTER ")).isEqualTo(AppMode.CLUSTER);
	}

	@Test
	void anyOtherValueIsRefusedNamingTheChoices() {
		assertThatIllegalArgumentException().isThrownBy(() -> AppMode.parse("clustr"))
			.withMessage("app.mode: 'clustr' (expected: standalone or cluster)");
	}

}
