/**
 * The node's chat metrics ({@code gochat.*} in Micrometer): every counter and timer is
 * resolved once here, so the message path only increments fields. Depends on nothing but
 * the error codes of {@code wire}.
 */
@ApplicationModule(allowedDependencies = { "wire" })
package io.gochat.metrics;

import org.springframework.modulith.ApplicationModule;
