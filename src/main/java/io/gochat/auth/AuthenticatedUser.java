package io.gochat.auth;

/**
 * The caller of a REST endpoint, taken from the verified {@code token} header. Declare it
 * as a controller method parameter to require authentication.
 */
public record AuthenticatedUser(long id) {

	public AuthenticatedUser {
		if (id <= 0) {
			throw new IllegalArgumentException("id: " + id + " (expected: > 0)");
		}
	}

}
