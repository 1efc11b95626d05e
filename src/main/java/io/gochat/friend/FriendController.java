package io.gochat.friend;

import io.gochat.auth.AuthenticatedUser;
import io.gochat.web.ApiResponse;
import io.gochat.web.IdParameter;
import io.gochat.user.UserDirectory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static io.gochat.wire.GoChatException.refused;

/**
 * {@code POST /friend/add}: the caller adds {@code friend_id}, an existing other user who
 * is not yet a friend in either direction.
 */
@RestController
class FriendController {

	private final FriendRepository friends;

	private final UserDirectory users;

	FriendController(FriendRepository friends, UserDirectory users) {
		this.friends = friends;
		this.users = users;
	}

	@PostMapping("/friend/add")
	ApiResponse add(AuthenticatedUser caller,
			@RequestParam(name = "friend_id", defaultValue = "") String friendIdText) {
		long friendId = IdParameter.parse("friend_id", friendIdText);
		if (friendId == caller.id()) {
			throw refused("cannot add yourself as a friend");
		}
		if (!this.users.exists(friendId)) {
			throw refused("no such user: " + friendId);
		}
		if (this.friends.areFriends(caller.id(), friendId)) {
			throw refused("already friends");
		}
		try {
			this.friends.insert(caller.id(), friendId);
		}
		catch (DuplicateKeyException ex) {
			throw refused("already friends");
		}
		return ApiResponse.ok("friend added");
	}

}
