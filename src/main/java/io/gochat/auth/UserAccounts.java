package io.gochat.auth;

/**
 * Whether a user id belongs to a registered user: a token for any other id is refused.
 * Implemented by the module that owns the users; answers from the database, the caller
 * caches.
 */
public interface UserAccounts {

	boolean exists(long userId);

}
