package io.gochat.group;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The members of a group: from the member cache, falling back to the {@code group_user}
 * table and refilling the cache, as upstream does. A cache that cannot be reached (Redis
 * restarting) is passed by: the table answers, so group messages are not refused for it.
 */
@Component
public class GroupMembers {

	private static final Logger log = LoggerFactory.getLogger(GroupMembers.class);

	private final MemberCache cache;

	private final GroupRepository groups;

	GroupMembers(MemberCache cache, GroupRepository groups) {
		this.cache = cache;
		this.groups = groups;
	}

	/**
	 * The member ids of the group; empty if there is no such group.
	 */
	public List<Long> of(long groupId) {
		try {
			Optional<List<Long>> cached = this.cache.get(groupId);
			if (cached.isPresent()) {
				return cached.get();
			}
		}
		catch (DataAccessException ex) {
			log.warn("Member cache unreachable, reading group {} from the database: {}", groupId, ex.getMessage());
			return this.groups.findMemberIds(groupId);
		}
		List<Long> ids = this.groups.findMemberIds(groupId);
		if (!ids.isEmpty()) {
			try {
				this.cache.put(groupId, ids);
			}
			catch (DataAccessException ex) {
				log.warn("Member cache unreachable, group {} not cached: {}", groupId, ex.getMessage());
			}
		}
		return ids;
	}

	void cache(long groupId, Collection<Long> memberIds) {
		this.cache.put(groupId, memberIds);
	}

}
