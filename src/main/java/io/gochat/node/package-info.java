/**
 * This node: identity and ports, lifecycle phases, log settings, the startup report, the
 * clock.
 */
@ApplicationModule(allowedDependencies = { "mode" })
package io.gochat.node;

import org.springframework.modulith.ApplicationModule;
