/**
 * Tokens (JWT, upstream-compatible) and the authenticated REST caller.
 */
@ApplicationModule(allowedDependencies = { "mode", "web", "wire" })
package io.gochat.auth;

import org.springframework.modulith.ApplicationModule;
