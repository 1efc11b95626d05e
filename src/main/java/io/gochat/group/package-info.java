/**
 * REST: groups and their members, the member cache ({@code group_user_<gid>}).
 */
@ApplicationModule(allowedDependencies = { "node", "auth", "mode", "user", "web", "wire" })
package io.gochat.group;

import org.springframework.modulith.ApplicationModule;
