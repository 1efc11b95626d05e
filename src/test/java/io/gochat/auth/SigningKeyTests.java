package io.gochat.auth;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.gochat.mode.AppMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SigningKeyTests {

	@TempDir
	Path dataDir;

	@Test
	void clusterNodeWithoutAKeyRefusesNamingTheSetting() {
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.resolve(null, "unset", AppMode.CLUSTER, this.dataDir))
			.withMessageStartingWith("jwt.sign-key is not set")
			.withMessageContaining("JWT_SIGNKEY");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.resolve("  ", "unset", AppMode.CLUSTER, this.dataDir));
		assertThat(this.dataDir.resolve(SigningKey.FILE_NAME)).doesNotExist();
	}

	@Test
	void configuredKeyIsUsedAsRawBytesAndItsSourceNamed() {
		SigningKey key = SigningKey.resolve("gooooIM", "command line", AppMode.CLUSTER, this.dataDir);
		assertThat(key.bytes()).isEqualTo("gooooIM".getBytes(StandardCharsets.UTF_8));
		assertThat(key.upstreamKey()).isTrue();
		assertThat(key.isShort()).isTrue();
		assertThat(key.source()).isEqualTo("jwt.sign-key (command line)").doesNotContain("gooooIM");
		assertThat(this.dataDir.resolve(SigningKey.FILE_NAME)).doesNotExist();
	}

	@Test
	void standaloneNodeGeneratesA256BitKeyOwnerOnlyAndReusesIt() throws Exception {
		SigningKey first = SigningKey.resolve(null, "unset", AppMode.STANDALONE, this.dataDir.resolve("data"));
		Path file = this.dataDir.resolve("data").resolve(SigningKey.FILE_NAME);
		assertThat(file).isRegularFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(SigningKey.isReadableByOthers(file)).isFalse();
		// 32 random bytes as 43 base64url characters
		assertThat(Files.readString(file).strip()).hasSize(43).matches("[A-Za-z0-9_-]+");
		assertThat(first.upstreamKey()).isFalse();
		assertThat(first.isShort()).isFalse();
		assertThat(first.source()).startsWith("generated on first start").contains(file.toString());

		SigningKey again = SigningKey.resolve(null, "unset", AppMode.STANDALONE, this.dataDir.resolve("data"));
		assertThat(again.bytes()).isEqualTo(first.bytes());
		assertThat(again.source()).startsWith("kept in");

		SigningKey elsewhere = SigningKey.resolve(null, "unset", AppMode.STANDALONE, this.dataDir.resolve("other"));
		assertThat(elsewhere.bytes()).isNotEqualTo(first.bytes());
	}

	@Test
	void anEmptyKeyFileIsRefusedNamingTheFile() throws Exception {
		Files.writeString(this.dataDir.resolve(SigningKey.FILE_NAME), "\n");
		assertThatIllegalStateException()
			.isThrownBy(() -> SigningKey.resolve(null, "unset", AppMode.STANDALONE, this.dataDir))
			.withMessageContaining(SigningKey.FILE_NAME)
			.withMessageContaining("empty");
	}

}
