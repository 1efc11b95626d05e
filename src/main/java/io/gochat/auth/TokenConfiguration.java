package io.gochat.auth;

import java.nio.file.Path;
import java.util.Locale;

import io.gochat.mode.AppMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Resolves the token key at start and logs where it came from, never the key.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TokenConfiguration.class);

	@Bean
	SigningKey signingKey(JwtProperties properties, Environment environment) {
		AppMode mode = AppMode.parse(environment.getProperty(AppMode.PROPERTY));
		Path dataDir = Path.of(environment.getProperty("app.data-dir", "./data"));
		SigningKey key = SigningKey.resolve(properties.signKey(), originOf(environment), mode, dataDir);
		log.info("Token signing key: {}", key.source());
		if (key.upstreamKey()) {
			log.warn(
					"{} is upstream GoChat's published key: anyone can sign a token for any user. "
							+ "Use it only in a cluster shared with Go nodes, on a network you trust.",
					SigningKey.PROPERTY);
		}
		else if (key.isShort()) {
			log.warn("{} is shorter than {} bytes: a longer random key is much harder to guess", SigningKey.PROPERTY,
					SigningKey.RECOMMENDED_BYTES);
		}
		return key;
	}

	/**
	 * Where {@code jwt.sign-key} was set, e.g. the command line or an environment
	 * variable.
	 */
	private static String originOf(Environment environment) {
		ConfigurationPropertyName name = ConfigurationPropertyName.of(SigningKey.PROPERTY);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				return (property.getOrigin() != null) ? property.getOrigin().toString()
						: String.valueOf(source.getUnderlyingSource()).toLowerCase(Locale.ROOT);
			}
		}
		return "set";
	}

}
