/**
 * The write path of the {@code message} table: RabbitMQ publishing and consuming (or the
 * in-process queue), batched inserts, dead letters.
 */
@ApplicationModule(allowedDependencies = { "batching", "message", "mode", "node", "protocol" })
package io.gochat.storage;

import org.springframework.modulith.ApplicationModule;
