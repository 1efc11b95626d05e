package io.gochat.group;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class GroupMembersTests {

	final GroupRepository groups = mock(GroupRepository.class);

	@Test
	void anUnreachableCacheIsPassedByAndTheTableAnswers() {
		given(this.groups.findMemberIds(7)).willReturn(List.of(1L, 2L, 3L));
		GroupMembers members = new GroupMembers(new UnreachableCache(), this.groups);
		assertThat(members.of(7)).containsExactly(1L, 2L, 3L);
	}

	@Test
	void aCacheThatCannotBeFilledStillAnswersFromTheTable() {
		given(this.groups.findMemberIds(7)).willReturn(List.of(1L, 2L));
		GroupMembers members = new GroupMembers(new MemberCache() {
			@Override
			public Optional<List<Long>> get(long groupId) {
				return Optional.empty();
			}

			@Override
			public void put(long groupId, Collection<Long> memberIds) {
				throw new RedisConnectionFailureException("connection reset");
			}
		}, this.groups);
		assertThat(members.of(7)).containsExactly(1L, 2L);
	}

	static final class UnreachableCache implements MemberCache {

		@Override
		public Optional<List<Long>> get(long groupId) {
			throw new RedisConnectionFailureException("connection reset");
		}

		@Override
		public void put(long groupId, Collection<Long> memberIds) {
			throw new RedisConnectionFailureException("connection reset");
		}

	}

}
