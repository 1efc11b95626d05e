package io.gochat.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.gochat.mode.ClusterMode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Members in the Redis set {@code group_user_<gid>} with a 2 h TTL, shared with Go nodes.
 */
@ClusterMode
@Component
class RedisMemberCache implements MemberCache {

	static final String KEY_PREFIX = "group_user_";

	static final Duration TTL = Duration.ofHours(2);

	private final StringRedisTemplate redis;

	RedisMemberCache(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public Optional<List<Long>> get(long groupId) {
		Set<String> cached = this.redis.opsForSet().members(key(groupId));
		if (cached == null || cached.isEmpty()) {
			return Optional.empty();
		}
		List<Long> ids = new ArrayList<>(cached.size());
		for (String member : cached) {
			ids.add(Long.parseLong(member));
		}
		return Optional.of(ids);
	}

	@Override
	public void put(long groupId, Collection<Long> memberIds) {
		String key = key(groupId);
		this.redis.opsForSet().add(key, memberIds.stream().map(String::valueOf).toArray(String[]::new));
		this.redis.expire(key, TTL);
	}

	static String key(long groupId) {
		return KEY_PREFIX + groupId;
	}

}
