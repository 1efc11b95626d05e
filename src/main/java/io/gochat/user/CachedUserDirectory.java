package io.gochat.user;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.stereotype.Component;

/**
 * Answers from the {@code user} table, remembering ids found to exist so that a chat
 * message does not cost a database round trip to check its receiver. Unknown ids are not
 * remembered: a user registered a moment later is found.
 */
@Component
class CachedUserDirectory implements UserDirectory {

	private final UserRepository users;

	private final Cache<Long, Boolean> known = Caffeine.newBuilder()
		.maximumSize(1_000_000)
		.expireAfterAccess(Duration.ofHours(12))
		.build();

	CachedUserDirectory(UserRepository users) {
		this.users = users;
	}

	@Override
	public boolean exists(long userId) {
		if (userId <= 0) {
			return false;
		}
		if (this.known.getIfPresent(userId) != null) {
			return true;
		}
		boolean exists = !this.users.findExistingIds(List.of(userId)).isEmpty();
		if (exists) {
			this.known.put(userId, Boolean.TRUE);
		}
		return exists;
	}

	@Override
	public List<Long> existing(Collection<Long> userIds) {
		Set<Long> wanted = new LinkedHashSet<>(userIds);
		wanted.removeIf((id) -> id == null || id <= 0);
		List<Long> unknown = new ArrayList<>();
		for (Long id : wanted) {
			if (this.known.getIfPresent(id) == null) {
				unknown.add(id);
			}
		}
		if (!unknown.isEmpty()) {
			Set<Long> found = Set.copyOf(this.users.findExistingIds(unknown));
			found.forEach((id) -> this.known.put(id, Boolean.TRUE));
			wanted.removeIf((id) -> unknown.contains(id) && !found.contains(id));
		}
		return List.copyOf(wanted);
	}

	void remember(long userId) {
		this.known.put(userId, Boolean.TRUE);
	}

}
