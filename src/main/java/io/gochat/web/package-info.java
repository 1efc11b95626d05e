/**
 * The REST answer shape {@code {"code","msg","data"}}, id parameters, and the mapping of
 * every REST failure to it.
 */
@ApplicationModule(allowedDependencies = { "node", "wire" })
package io.gochat.web;

import org.springframework.modulith.ApplicationModule;
