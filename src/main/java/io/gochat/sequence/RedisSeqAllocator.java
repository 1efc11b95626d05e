package io.gochat.sequence;

import java.util.ArrayList;
import java.util.List;

import io.gochat.mode.ClusterMode;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Seqs from the Redis counters {@code object_seq_1_<uid>} (INCR), shared with Go nodes. A
 * batch is one Lua script that INCRs every key and returns the results in order, so one
 * round trip serves a whole group fan-out.
 */
@ClusterMode
@Component
class RedisSeqAllocator implements SeqAllocator {

	static final String KEY_PREFIX = "object_seq_1_";

	private static final RedisScript<List> INCR_ALL = RedisScript.of("""
			local results = {}
			for i, key in ipairs(KEYS) do
			    results[i] = redis.call('INCR', key)
			end
			return results
			""", List.class);

	private final StringRedisTemplate redis;

	RedisSeqAllocator(StringRedisTemplate redis) {
		this.redis = redis;
	}

	@Override
	public long[] next(List<Long> userIds) {
		if (userIds.isEmpty()) {
			return new long[0];
		}
		List<String> keys = new ArrayList<>(userIds.size());
		for (Long userId : userIds) {
			keys.add(key(userId));
		}
		List<?> results = this.redis.execute(INCR_ALL, keys);
		return SeqReplies.toSeqs(results, userIds.size());
	}

	static String key(long userId) {
		return KEY_PREFIX + userId;
	}

}
