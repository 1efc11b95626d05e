package io.gochat.node;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class LogSettingsPostProcessorTests {

	MockEnvironment environment = new MockEnvironment();

	void process() {
		new LogSettingsPostProcessor().postProcessEnvironment(this.environment, new SpringApplication());
	}

	@Test
	void fileTargetWritesTheLogFile() {
		this.environment.setProperty("log.target", "file");
		process();
		assertThat(this.environment.getProperty("logging.file.name")).isEqualTo("logs/gochat.log");
	}

	@Test
	void consoleTargetWritesNoFile() {
		this.environment.setProperty("log.target", "console");
		process();
		assertThat(this.environment.getProperty("logging.file.name")).isNull();
	}

	@Test
	void levelAppliesToTheServersLoggersAndUnknownLevelsFallBackToError() {
		this.environment.setProperty("log.level", "info");
		process();
		assertThat(this.environment.getProperty("logging.level.io.gochat")).isEqualTo("info");
		assertThat(LogSettingsPostProcessor.toLogbackLevel("dpanic")).isEqualTo("error");
		assertThat(LogSettingsPostProcessor.toLogbackLevel("nonsense")).isEqualTo("error");
	}

	@Test
	void explicitLoggingSettingsWin() {
		this.environment.setProperty("log.target", "file");
		this.environment.setProperty("logging.file.name", "custom.log");
		this.environment.setProperty("log.level", "debug");
		this.environment.setProperty("logging.level.io.gochat", "warn");
		process();
		assertThat(this.environment.getProperty("logging.file.name")).isEqualTo("custom.log");
		assertThat(this.environment.getProperty("logging.level.io.gochat")).isEqualTo("warn");
	}

}
