package io.gochat.user;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String phoneNumber, String nickname, String passwordHash) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("INSERT INTO `user` (phone_number, nickname, password) VALUES (?, ?, ?)")
			.params(phoneNumber, nickname, passwordHash)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	Optional<Credentials> findByPhoneNumber(String phoneNumber) {
		return this.jdbc.sql("SELECT id, password FROM `user` WHERE phone_number = ?")
			.param(phoneNumber)
			.query((rs, row) -> new Credentials(rs.getLong("id"), rs.getString("password")))
			.optional();
	}

	boolean existsByPhoneNumber(String phoneNumber) {
		return this.jdbc.sql("SELECT COUNT(*) FROM `user` WHERE phone_number = ?")
			.param(phoneNumber)
			.query(Long.class)
			.single() > 0;
	}

	List<Long> findExistingIds(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT id FROM `user` WHERE id IN (:ids)").param("ids", ids).query(Long.class).list();
	}

	record Credentials(long id, String passwordHash) {
	}

}
