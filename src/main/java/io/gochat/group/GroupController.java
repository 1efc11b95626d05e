package io.gochat.group;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.gochat.auth.AuthenticatedUser;
import io.gochat.node.Refusals;
import io.gochat.user.UserDirectory;
import io.gochat.web.ApiResponse;
import io.gochat.web.IdParameter;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /group/create} and {@code GET /group_user/list}.
 */
@RestController
class GroupController {

	static final int MAX_NAME = 50;

	private final GroupRepository groups;

	private final GroupMembers members;

	private final UserDirectory users;

	private final GroupLimits limits;

	private final Refusals refusals;

	GroupController(GroupRepository groups, GroupMembers members, UserDirectory users, GroupLimits limits,
			Refusals refusals) {
		this.groups = groups;
		this.members = members;
		this.users = users;
		this.limits = limits;
		this.refusals = refusals;
	}

	/**
	 * Creates a group of the caller and the listed users. An id of a user that does not
	 * exist refuses the whole request, naming the unknown ids (upstream drops them
	 * silently).
	 */
	@PostMapping("/group/create")
	ApiResponse create(AuthenticatedUser caller, @RequestParam(defaultValue = "") String name,
			@RequestParam(name = "ids", required = false) List<String> ids) {
		if (name.isBlank()) {
			throw GoChatException.refused("name is required");
		}
		if (name.length() > MAX_NAME) {
			throw GoChatException.refused("name is longer than " + MAX_NAME + " characters");
		}
		if (ids == null || ids.isEmpty()) {
			throw GoChatException.refused("ids is required: the members other than the caller");
		}
		if (ids.size() > this.limits.maxIdsPerRequest()) {
			throw capped("max-ids-per-request",
					"too many ids: " + ids.size() + " (at most " + this.limits.maxIdsPerRequest() + ")");
		}
		Set<Long> wanted = new LinkedHashSet<>();
		for (String id : ids) {
			wanted.add(IdParameter.parse("ids", id));
		}
		wanted.add(caller.id());
		if (wanted.size() > this.limits.maxGroupSize()) {
			throw capped("max-group-size", "too many members: " + wanted.size() + " with the caller (at most "
					+ this.limits.maxGroupSize() + ")");
		}
		if (this.groups.countGroupsOf(caller.id()) >= this.limits.maxGroupsPerUser()) {
			throw capped("max-groups-per-user", "you belong to " + this.limits.maxGroupsPerUser()
					+ " groups already, the most a user may have when creating another");
		}
		List<Long> memberIds = new ArrayList<>(this.users.existing(wanted));
		if (!memberIds.contains(caller.id())) {
			throw new GoChatException(ErrorCode.ILLEGAL_USER_ID, "the caller is not a registered user");
		}
		if (memberIds.size() < wanted.size()) {
			Set<Long> found = Set.copyOf(memberIds);
			List<String> unknown = wanted.stream().filter((id) -> !found.contains(id)).map(String::valueOf).toList();
			throw GoChatException.refused("no such users: " + String.join(", ", unknown));
		}
		long groupId = this.groups.create(name, caller.id(), memberIds);
		this.members.cache(groupId, memberIds);
		return ApiResponse.ok("group created", Map.of("id", Long.toString(groupId)));
	}

	@GetMapping("/group_user/list")
	ApiResponse list(AuthenticatedUser caller, @RequestParam(name = "group_id", defaultValue = "") String groupIdText) {
		long groupId = IdParameter.parse("group_id", groupIdText);
		List<Long> memberIds = this.members.of(groupId);
		if (!memberIds.contains(caller.id())) {
			throw GoChatException.refused("not a member of group " + groupId);
		}
		return ApiResponse.ok("ok", Map.of("ids", memberIds.stream().map(String::valueOf).toList()));
	}

	private GoChatException capped(String limit, String message) {
		this.refusals.count(limit);
		return GoChatException.refused(message);
	}

}
