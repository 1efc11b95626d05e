package io.gochat.node;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Translates upstream's two log knobs into Spring Boot's logging settings before logging
 * starts: {@code log.target} ({@code console}, the default elsewhere, or {@code file},
 * which writes {@code logs/gochat.log} as well) and {@code log.level} (the level of this
 * server's own loggers; an unknown level falls back to {@code error}, as upstream).
 * Explicit {@code logging.*} settings win.
 */
class LogSettingsPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String LOG_FILE = "logs/gochat.log";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> settings = new HashMap<>();
		String target = environment.getProperty("log.target", "console").strip().toLowerCase(Locale.ROOT);
		if (target.equals("file") && !environment.containsProperty("logging.file.name")) {
			settings.put("logging.file.name", LOG_FILE);
		}
		String level = environment.getProperty("log.level");
		if (level != null && !environment.containsProperty("logging.level.io.gochat")) {
			settings.put("logging.level.io.gochat", toLogbackLevel(level));
		}
		environment.getPropertySources().addLast(new MapPropertySource("gochatLogSettings", settings));
	}

	// upstream's zap levels: debug, info, warn, error, dpanic, panic, fatal
	static String toLogbackLevel(String zapLevel) {
		return switch (zapLevel.strip().toLowerCase(Locale.ROOT)) {
			case "debug" -> "debug";
			case "info" -> "info";
			case "warn" -> "warn";
			default -> "error";
		};
	}

	@Override
	public int getOrder() {
		// after the config files were read
		return Ordered.LOWEST_PRECEDENCE;
	}

}
