package io.gochat.mode;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DataDirLockTests {

	@TempDir
	Path dir;

	@Test
	void writesThePidAndLetsThisProcessStartAgain() throws Exception {
		DataDirLock.acquire(this.dir);
		DataDirLock.acquire(this.dir);
		assertThat(Files.readString(this.dir.resolve(DataDirLock.FILE)).strip())
			.isEqualTo(String.valueOf(ProcessHandle.current().pid()));
	}

	@Test
	void refusesADirectoryAnotherNodeHoldsWithAMessageSayingWhatToDo() throws Exception {
		Path held = this.dir.resolve("held");
		Files.createDirectories(held);
		Files.writeString(held.resolve(DataDirLock.FILE), "4242\n");
		try (FileChannel other = FileChannel.open(held.resolve(DataDirLock.FILE), StandardOpenOption.WRITE);
				FileLock lock = other.lock()) {
			DataDirLock.DataDirInUseException refused = assertThatExceptionOfType(
					DataDirLock.DataDirInUseException.class)
				.isThrownBy(() -> DataDirLock.acquire(held))
				.actual();
			assertThat(refused).hasMessageContaining(held.toString()).hasMessageContaining("pid 4242");
			FailureAnalysis analysis = new StartupFailureAnalyzer()
				.analyze(new IllegalStateException("wrapped", refused));
			assertThat(analysis.getAction()).contains("--app.data-dir");
		}
	}

	@Test
	void explainsAPortInUse() {
		FailureAnalysis analysis = new StartupFailureAnalyzer()
			.analyze(new IllegalStateException("cannot listen for WebSocket connections on /127.0.0.1:9091",
					new java.net.BindException("Address already in use")));
		assertThat(analysis.getDescription()).contains("/127.0.0.1:9091").contains("Address already in use");
		assertThat(analysis.getAction()).contains("--app.websocket-server-port");
	}

}
