/**
 * {@link io.gochat.message.MessageCopy}, one user's copy of a message: what is pushed,
 * stored and synced.
 */
@ApplicationModule(allowedDependencies = {})
package io.gochat.message;

import org.springframework.modulith.ApplicationModule;
