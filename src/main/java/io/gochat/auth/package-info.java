/**
 * Tokens (JWT, upstream-compatible; their versions, revoked by logout) and the
 * authenticated REST caller.
 */
@ApplicationModule(allowedDependencies = { "wire", "web", "mode" })
package io.gochat.auth;

import org.springframework.modulith.ApplicationModule;
