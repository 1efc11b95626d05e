/**
 * The classes generated from {@code proto/}: the wire contract's messages and the gRPC
 * service.
 */
@ApplicationModule(allowedDependencies = {})
package io.gochat.protocol;

import org.springframework.modulith.ApplicationModule;
