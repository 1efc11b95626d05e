/**
 * Operating a node from its management port: the live status page
 * ({@code /actuator/status}) and on-demand profiling ({@code /actuator/profiling}, Java
 * Flight Recorder).
 */
@ApplicationModule(allowedDependencies = { "routing", "node" })
package io.gochat.ops;

import org.springframework.modulith.ApplicationModule;
