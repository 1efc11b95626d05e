package io.gochat.mode;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Applies {@code app.mode} before the context starts. Standalone: the database becomes an
 * embedded H2 file under {@code app.data-dir} (MySQL mode, same schema) and Redis and
 * RabbitMQ are not configured at all. Cluster: every external service must answer, or the
 * node refuses to start with a message naming the service and its address, rather than
 * fall back silently.
 */
class ModeSettingsPostProcessor implements EnvironmentPostProcessor, Ordered {

	static final String DATA_DIR = "app.data-dir";

	private static final List<String> CLUSTER_ONLY_AUTO_CONFIGURATIONS = List.of(
			"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
			"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration",
			"org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration",
			"org.springframework.boot.amqp.autoconfigure.health.RabbitHealthContributorAutoConfiguration",
			"org.springframework.boot.amqp.autoconfigure.metrics.RabbitMetricsAutoConfiguration");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		AppMode mode = AppMode.parse(environment.getProperty(AppMode.PROPERTY));
		Map<String, Object> settings = new HashMap<>();
		settings.put(AppMode.PROPERTY, mode.name().toLowerCase(java.util.Locale.ROOT));
		if (mode == AppMode.STANDALONE) {
			Path dataDir = Path.of(environment.getProperty(DATA_DIR, "./data")).toAbsolutePath().normalize();
			settings.put("spring.datasource.url", "jdbc:h2:file:" + dataDir.resolve("gochat")
					+ ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;NON_KEYWORDS=USER,VALUE");
			settings.put("spring.datasource.username", "sa");
			settings.put("spring.datasource.password", "");
			settings.put("spring.datasource.driver-class-name", "org.h2.Driver");
			settings.put("spring.flyway.locations", "classpath:db/migration-h2");
			String excluded = environment.getProperty("spring.autoconfigure.exclude", "");
			settings.put("spring.autoconfigure.exclude",
					(excluded.isBlank() ? "" : excluded + ",") + String.join(",", CLUSTER_ONLY_AUTO_CONFIGURATIONS));
		}
		else {
			new ClusterServicesCheck(environment).requireReachable();
		}
		// first: the mode decides these, whatever application.yaml says for the other
		// mode
		environment.getPropertySources().addFirst(new MapPropertySource("gochatModeSettings", settings));
	}

	@Override
	public int getOrder() {
		// after the config files and the command line were read
		return Ordered.LOWEST_PRECEDENCE - 10;
	}

}
