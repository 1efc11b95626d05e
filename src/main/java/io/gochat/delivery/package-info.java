/**
 * Accepting an up message (checks, seqs, storage, pushes, ACK) and offline sync. Its API
 * is {@link io.gochat.delivery.ChatService}; its ports, implemented by the gateway and
 * the cluster, are the named interface {@code ports}.
 */
@ApplicationModule(allowedDependencies = { "batching", "group", "history", "message", "node", "presence", "sequence",
		"storage", "user", "wire" })
package io.gochat.delivery;

import org.springframework.modulith.ApplicationModule;
