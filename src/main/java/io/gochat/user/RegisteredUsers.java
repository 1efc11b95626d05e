package io.gochat.user;

import java.util.List;

import io.gochat.auth.UserAccounts;

import org.springframework.stereotype.Component;

/**
 * Answers the token check's "does this user exist" from the {@code user} table (the token
 * check caches the answer for {@code jwt.user-check-cache}).
 */
@Component
class RegisteredUsers implements UserAccounts {

	private final UserRepository users;

	RegisteredUsers(UserRepository users) {
		this.users = users;
	}

	@Override
	public boolean exists(long userId) {
		return userId > 0 && !this.users.findExistingIds(List.of(userId)).isEmpty();
	}

}
