package io.gochat.group;

import java.util.List;
import java.util.Map;

import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@IntegrationTest
class GroupApiIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	JdbcClient jdbc;

	GoChatApi api;

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.port);
	}

	@SuppressWarnings("unchecked")
	List<String> members(User caller, long groupId) {
		Map<String, Object> response = this.api.get("/group_user/list?group_id=" + groupId, caller.token());
		assertThat(response).containsEntry("code", 200);
		return (List<String>) ((Map<String, Object>) response.get("data")).get("ids");
	}

	@Test
	void refusesAGroupWithUnknownIdsNamingThem() {
		User owner = this.api.register();
		User member = this.api.register();
		Map<String, Object> response = this.api.post("/group/create", owner.token(),
				Map.of("name", "friends", "ids", List.of(member.id(), Long.MAX_VALUE - 11, Long.MAX_VALUE - 12)));
		assertThat(response).containsEntry("code", -1)
			.containsEntry("msg", "no such users: " + (Long.MAX_VALUE - 11) + ", " + (Long.MAX_VALUE - 12));
	}

	@Test
	void createsGroupWithCallerAndTheListedUsers() {
		User owner = this.api.register();
		User member = this.api.register();
		Map<String, Object> response = this.api.post("/group/create", owner.token(),
				Map.of("name", "friends", "ids", List.of(member.id())));
		assertThat(response).containsEntry("code", 200);
		long groupId = Long.parseLong((String) ((Map<?, ?>) response.get("data")).get("id"));
		assertThat(members(owner, groupId)).containsExactlyInAnyOrder(Long.toString(owner.id()),
				Long.toString(member.id()));
		assertThat(this.jdbc.sql("SELECT owner_id FROM `group` WHERE id = ?").param(groupId).query(Long.class).single())
			.isEqualTo(owner.id());
		assertThat(this.redis.opsForSet().members("group_user_" + groupId)).hasSize(2);
		assertThat(this.redis.getExpire("group_user_" + groupId)).isBetween(7000L, 7200L);
	}

	@Test
	void memberListFallsBackToTheDatabaseAndRefillsTheCache() {
		User owner = this.api.register();
		User member = this.api.register();
		long groupId = this.api.createGroup(owner, List.of(member));
		this.redis.delete("group_user_" + groupId);
		assertThat(members(member, groupId)).containsExactlyInAnyOrder(Long.toString(owner.id()),
				Long.toString(member.id()));
		assertThat(this.redis.opsForSet().members("group_user_" + groupId)).hasSize(2);
	}

	@Test
	void onlyMembersMayListMembers() {
		User owner = this.api.register();
		User member = this.api.register();
		User stranger = this.api.register();
		long groupId = this.api.createGroup(owner, List.of(member));
		assertThat(this.api.get("/group_user/list?group_id=" + groupId, stranger.token())).containsEntry("code", -1);
		assertThat(this.api.get("/group_user/list?group_id=" + (Long.MAX_VALUE - 5), owner.token()))
			.containsEntry("code", -1);
		assertThat(this.api.get("/group_user/list?group_id=x", owner.token())).containsEntry("code", -1);
		assertThat(this.api.get("/group_user/list", owner.token())).containsEntry("code", -1);
		assertThat(this.api.get("/group_user/list?group_id=" + groupId, null)).containsEntry("code", -1);
	}

	@Test
	void createRefusesMissingNameOrMembersAndBadIds() {
		User owner = this.api.register();
		User member = this.api.register();
		assertThat(this.api.post("/group/create", owner.token(), Map.of("ids", List.of(member.id()))))
			.containsEntry("code", -1);
		assertThat(this.api.post("/group/create", owner.token(), Map.of("name", "x"))).containsEntry("code", -1);
		assertThat(this.api.post("/group/create", owner.token(), Map.of("name", "x", "ids", List.of("1x"))))
			.containsEntry("code", -1);
		assertThat(this.api.post("/group/create", owner.token(),
				Map.of("name", "n".repeat(51), "ids", List.of(member.id()))))
			.containsEntry("code", -1);
		assertThat(this.api.post("/group/create", null, Map.of("name", "x", "ids", List.of(member.id()))))
			.containsEntry("code", -1);
	}

}
