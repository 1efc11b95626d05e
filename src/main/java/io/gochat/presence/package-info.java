/**
 * Who is online where ({@code user_online_<uid>}) and the rule that says whether a route
 * is live. Its ports, implemented by the gateway and the cluster, are the named interface
 * {@code ports}.
 */
@ApplicationModule(allowedDependencies = { "mode", "node" })
package io.gochat.presence;

import org.springframework.modulith.ApplicationModule;
