/**
 * REST: {@code POST /register}, {@code POST /login}, the {@code user} table and the user
 * directory.
 */
@ApplicationModule(allowedDependencies = { "node", "auth", "web", "wire" })
package io.gochat.user;

import org.springframework.modulith.ApplicationModule;
