/**
 * {@code app.mode}: the settings of standalone and cluster mode, the cluster services
 * check, and the markers of each mode's adapters.
 */
@ApplicationModule(allowedDependencies = {})
package io.gochat.mode;

import org.springframework.modulith.ApplicationModule;
