package io.gochat.auth;

import java.time.Duration;

import io.gochat.mode.ClusterMode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Token versions in the Redis keys {@code token_version_<uid>}, shared by all nodes, so a
 * logout on one node is refused on every other at once. A key lives for
 * {@code jwt.max-lifetime} after the last logout: by then every token it revoked has
 * expired, and the version falling back to 0 lets only newer tokens through.
 */
@ClusterMode
@Component
class RedisTokenVersions implements TokenVersions {

	static final String KEY_PREFIX = "token_version_";

	private final StringRedisTemplate redis;

	private final Duration ttl;

	RedisTokenVersions(StringRedisTemplate redis, JwtProperties properties) {
		this.redis = redis;
		this.ttl = properties.maxLifetime().plus(TokenService.CLOCK_SKEW);
	}

	@Override
	public long current(long userId) {
		String value = this.redis.opsForValue().get(key(userId));
		return (value != null) ? Long.parseLong(value) : 0;
	}

	@Override
	public long increment(long userId) {
		String key = key(userId);
		Long version = this.redis.opsForValue().increment(key);
		this.redis.expire(key, this.ttl);
		return (version != null) ? version : current(userId);
	}

	static String key(long userId) {
		return KEY_PREFIX + userId;
	}

}
