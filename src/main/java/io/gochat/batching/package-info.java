/**
 * The single-thread batching worker: whatever items wait are handled as one batch, in
 * order.
 */
@ApplicationModule(allowedDependencies = {})
package io.gochat.batching;

import org.springframework.modulith.ApplicationModule;
