package io.gochat.group;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A cache of group member ids in front of the {@code group_user} table.
 */
interface MemberCache {

	/** The cached members, or empty when the group is not cached. */
	Optional<List<Long>> get(long groupId);

	void put(long groupId, Collection<Long> memberIds);

}
