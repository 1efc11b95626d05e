/**
 * REST: {@code POST /friend/add} and the {@code friend} table.
 */
@ApplicationModule(allowedDependencies = { "auth", "user", "web", "wire" })
package io.gochat.friend;

import org.springframework.modulith.ApplicationModule;
