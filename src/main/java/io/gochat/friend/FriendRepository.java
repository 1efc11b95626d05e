package io.gochat.friend;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class FriendRepository {

	private final JdbcClient jdbc;

	FriendRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Whether either of the two added the other.
	 */
	boolean areFriends(long userId, long friendId) {
		return this.jdbc
			.sql("SELECT COUNT(*) FROM friend WHERE (user_id = ? AND friend_id = ?) OR (user_id = ? AND friend_id = ?)")
			.params(userId, friendId, friendId, userId)
			.query(Long.class)
			.single() > 0;
	}

	void insert(long userId, long friendId) {
		this.jdbc.sql("INSERT INTO friend (user_id, friend_id) VALUES (?, ?)").params(userId, friendId).update();
	}

}
