/**
 * Per-user seqs: Redis counters in cluster mode, counters in memory in standalone mode.
 * The port {@link io.gochat.sequence.StoredSeqs} (named interface {@code ports}) is
 * implemented by history.
 */
@ApplicationModule(allowedDependencies = { "mode" })
package io.gochat.sequence;

import org.springframework.modulith.ApplicationModule;
