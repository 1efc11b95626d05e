package io.gochat.auth;

/**
 * Each user's token version: a token carries the version current when it was issued
 * (claim {@code ver}, absent in Go-issued tokens and then 0), and a token older than the
 * user's current version is refused. {@code POST /logout} increments it, revoking every
 * token issued before.
 */
interface TokenVersions {

	long current(long userId);

	/** Increments the user's version and returns the new one. */
	long increment(long userId);

}
