package io.gochat.group;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * Standalone member cache: in memory, with the same 2 h expiry as the Redis one.
 */
@StandaloneMode
@Component
class LocalMemberCache implements MemberCache {

	private final Cache<Long, List<Long>> members = Caffeine.newBuilder()
		.maximumSize(100_000)
		.expireAfterWrite(Duration.ofHours(2))
		.build();

	@Override
	public Optional<List<Long>> get(long groupId) {
		return Optional.ofNullable(this.members.getIfPresent(groupId));
	}

	@Override
	public void put(long groupId, Collection<Long> memberIds) {
		this.members.put(groupId, List.copyOf(memberIds));
	}

}
