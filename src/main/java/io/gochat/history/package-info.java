/**
 * The read path of the {@code message} table: sync pages and highest seqs.
 */
@ApplicationModule(allowedDependencies = { "message", "sequence :: ports" })
package io.gochat.history;

import org.springframework.modulith.ApplicationModule;
