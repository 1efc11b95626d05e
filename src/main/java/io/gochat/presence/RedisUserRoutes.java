package io.gochat.presence;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.gochat.mode.ClusterMode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Routes in the Redis keys {@code user_online_<uid>} (value {@code ip:rpc-port}, TTL one
 * day), the same keys Go nodes use.
 */
@ClusterMode
@Component
class RedisUserRoutes implements UserRoutes {

	static final String KEY_PREFIX = "user_online_";

	static final Duration TTL = Duration.ofDays(1);

	private static final RedisScript<Long> DELETE_IF_EQUAL = RedisScript.of("""
			if redis.call('GET', KEYS[1]) == ARGV[1] then
			    return redis.call('DEL', KEYS[1])
			end
			return 0
			""", Long.class);

	private final StringRedisTemplate redis;

	RedisUserRoutes(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Optional<String> nodeOf(long userId) {
		return Optional.ofNullable(this.redis.opsForValue().get(key(userId)));
	}

	@Override
	public void register(long userId, String nodeAddress) {
		this.redis.opsForValue().set(key(userId), nodeAddress, TTL);
	}

	@Override
	public boolean removeIfAt(long userId, String nodeAddress) {
		Long removed = this.redis.execute(DELETE_IF_EQUAL, List.of(key(userId)), nodeAddress);
		return removed != null && removed > 0;
	}

	static String key(long userId) {
		return KEY_PREFIX + userId;
	}

}
