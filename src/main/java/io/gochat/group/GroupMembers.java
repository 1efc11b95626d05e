package io.gochat.group;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The members of a group: from the Redis set {@code group_user_<gid>} (2 h TTL), falling
 * back to the {@code group_user} table and refilling the set, as upstream does.
 */
@Component
public class GroupMembers {

	static final String KEY_PREFIX = "group_user_";

	static final Duration TTL = Duration.ofHours(2);

	private final StringRedisTemplate redis;

	private final GroupRepository groups;

	GroupMembers(StringRedisTemplate redis, GroupRepository groups) {
		this.redis = redis;
		this.groups = groups;
	}

	/**
	 * The member ids of the group; empty if there is no such group.
	 */
	public List<Long> of(long groupId) {
		Set<String> cached = this.redis.opsForSet().members(key(groupId));
		if (cached != null && !cached.isEmpty()) {
			List<Long> ids = new ArrayList<>(cached.size());
			for (String member : cached) {
				ids.add(Long.parseLong(member));
			}
			return ids;
		}
		List<Long> ids = this.groups.findMemberIds(groupId);
		if (!ids.isEmpty()) {
			cache(groupId, ids);
		}
		return ids;
	}

	void cache(long groupId, Collection<Long> memberIds) {
		String key = key(groupId);
		String[] values = memberIds.stream().map(String::valueOf).toArray(String[]::new);
		this.redis.opsForSet().add(key, values);
		this.redis.expire(key, TTL);
	}

	static String key(long groupId) {
		return KEY_PREFIX + groupId;
	}

}
