package io.gochat.sequence;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gochat.mode.ClusterMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Seqs from the Redis counters {@code object_seq_1_<uid>} (INCR), shared with Go nodes. A
 * batch is one Lua script that INCRs every key and returns the results in order, so one
 * round trip serves a whole group fan-out.
 * <p>
 * A counter that is missing is never started from zero blindly: Redis may have lost it (a
 * restart without persistence, {@code FLUSHALL}, a failover to a lagging replica) while
 * the user's copies are stored or on their way. The script then takes nothing and names
 * the missing keys; the allocator reads each such user's highest stored seq, adds
 * {@code app.seq.reseed-margin} for copies still in the persistence queue, and runs the
 * script again with these floors: it sets each key that is still missing to its floor and
 * increments, atomically. A brand-new user (nothing stored) starts at 1 as before. What
 * the margin cannot cover is caught when storing (see ADR 4).
 */
@ClusterMode
@Component
class RedisSeqAllocator implements SeqAllocator {

	private static final Logger log = LoggerFactory.getLogger(RedisSeqAllocator.class);

	static final String KEY_PREFIX = "object_seq_1_";

	private static final int MAX_ATTEMPTS = 5;

	/**
	 * KEYS: the counters; ARGV (optional, one per key): the floor to set a missing key
	 * to, or -1 for none. Returns the seqs, or, when a key without a floor is missing and
	 * nothing was taken, 0 followed by the 1-based positions of those keys.
	 */
	static final RedisScript<List> INCR_ALL = RedisScript.of("""
			local missing = {0}
			for i, key in ipairs(KEYS) do
			    if redis.call('EXISTS', key) == 0 and tonumber(ARGV[i] or '-1') < 0 then
			        missing[#missing + 1] = i
			    end
			end
			if #missing > 1 then
			    return missing
			end
			local results = {}
			for i, key in ipairs(KEYS) do
			    local floor = tonumber(ARGV[i] or '-1')
			    if floor >= 0 and redis.call('EXISTS', key) == 0 then
			        redis.call('SET', key, floor)
			    end
			    results[i] = redis.call('INCR', key)
			end
			return results
			""", List.class);

	private final StringRedisTemplate redis;

	private final StoredSeqs stored;

	private final SeqProperties properties;

	RedisSeqAllocator(StringRedisTemplate redis, StoredSeqs stored, SeqProperties properties) {
		this.redis = redis;
		this.stored = stored;
		this.properties = properties;
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
		for (int attempt = 1; isMissingReply(results); attempt++) {
			if (attempt > MAX_ATTEMPTS) {
				throw new IllegalStateException("seq counters kept vanishing while being re-seeded");
			}
			String[] floors = floors(userIds, results);
			results = this.redis.execute(INCR_ALL, keys, (Object[]) floors);
		}
		return SeqReplies.toSeqs(results, userIds.size());
	}

	@Override
	public long current(long userId) {
		String value = this.redis.opsForValue().get(key(userId));
		return (value != null) ? Long.parseLong(value) : 0;
	}

	private static boolean isMissingReply(List<?> reply) {
		return reply != null && !reply.isEmpty() && reply.get(0) instanceof Number first && first.longValue() == 0;
	}

	/**
	 * One floor per key: for a missing counter the owner's highest stored seq (plus the
	 * margin when something is stored), -1 for the others.
	 */
	private String[] floors(List<Long> userIds, List<?> missingReply) {
		Set<Long> missing = new HashSet<>();
		for (int i = 1; i < missingReply.size(); i++) {
			missing.add(userIds.get(((Number) missingReply.get(i)).intValue() - 1));
		}
		Map<Long, Long> highest = this.stored.highestSeqs(missing);
		String[] floors = new String[userIds.size()];
		for (int i = 0; i < floors.length; i++) {
			Long userId = userIds.get(i);
			if (!missing.contains(userId)) {
				floors[i] = "-1";
				continue;
			}
			long stored = highest.getOrDefault(userId, 0L);
			long floor = (stored > 0) ? stored + this.properties.reseedMargin() : 0;
			floors[i] = Long.toString(floor);
			if (floor > 0) {
				log.warn("Seq counter of user {} was missing in Redis; re-seeded from {} (highest stored {})", userId,
						floor, stored);
			}
		}
		return floors;
	}

	static String key(long userId) {
		return KEY_PREFIX + userId;
	}

}
