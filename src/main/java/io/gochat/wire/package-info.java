/**
 * Every answer a client receives, as bytes: {@code Output}s (ACKs, sync pages, errors),
 * pushes and {@code OutputBatch} frames; the contract's error codes and the refusal that
 * carries one.
 */
@ApplicationModule(allowedDependencies = { "message", "protocol" })
package io.gochat.wire;

import org.springframework.modulith.ApplicationModule;
