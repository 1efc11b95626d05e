package io.gochat.auth;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.gochat.mode.StandaloneMode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Token versions of a standalone node: in memory, written through to the embedded
 * database's {@code token_version} table so that a logout survives a restart.
 */
@StandaloneMode
@Component
class StoredTokenVersions implements TokenVersions {

	private final JdbcClient jdbc;

	private final LoadingCache<Long, Long> versions;

	StoredTokenVersions(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.versions = Caffeine.newBuilder()
			.maximumSize(1_000_000)
			.expireAfterAccess(Duration.ofHours(12))
			.build(this::load);
	}

	@Override
	public long current(long userId) {
		return this.versions.get(userId);
	}

	@Override
	public synchronized long increment(long userId) {
		long next = load(userId) + 1;
		if (this.jdbc.sql("UPDATE token_version SET version = ? WHERE user_id = ?")
			.params(next, userId)
			.update() == 0) {
			this.jdbc.sql("INSERT INTO token_version (user_id, version) VALUES (?, ?)").params(userId, next).update();
		}
		this.versions.put(userId, next);
		return next;
	}

	private long load(long userId) {
		return this.jdbc.sql("SELECT version FROM token_version WHERE user_id = ?")
			.param(userId)
			.query(Long.class)
			.optional()
			.orElse(0L);
	}

}
