package io.gochat.group;

import java.util.Collection;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

@Repository
class GroupRepository {

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	GroupRepository(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/**
	 * Writes the group and all its member rows in one transaction.
	 */
	@Transactional
	long create(String name, long ownerId, Collection<Long> memberIds) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO `group` (name, owner_id) VALUES (?, ?)").params(name, ownerId).update(keys, "id");
		long groupId = keys.getKeyAs(Number.class).longValue();
		List<Object[]> rows = memberIds.stream().map((memberId) -> new Object[] { groupId, memberId }).toList();
		this.batch.batchUpdate("INSERT INTO group_user (group_id, user_id) VALUES (?, ?)", rows);
		return groupId;
	}

	/** Groups the user belongs to (counted through the user_id index). */
	long countGroupsOf(long userId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM group_user WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.single();
	}

	List<Long> findMemberIds(long groupId) {
		return this.jdbc.sql("SELECT user_id FROM group_user WHERE group_id = ? ORDER BY user_id")
			.param(groupId)
			.query(Long.class)
			.list();
	}

}
