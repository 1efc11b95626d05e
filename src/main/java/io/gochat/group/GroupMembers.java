package io.gochat.group;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The members of a group: from the member cache, falling back to the {@code group_user}
 * table and refilling the cache, as upstream does.
 */
@Component
public class GroupMembers {

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
		Optional<List<Long>> cached = this.cache.get(groupId);
		if (cached.isPresent()) {
			return cached.get();
		}
		List<Long> ids = this.groups.findMemberIds(groupId);
		if (!ids.isEmpty()) {
			this.cache.put(groupId, ids);
		}
		return ids;
	}

	void cache(long groupId, Collection<Long> memberIds) {
		this.cache.put(groupId, memberIds);
	}

}
