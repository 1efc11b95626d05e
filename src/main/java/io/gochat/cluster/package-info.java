/**
 * Cluster mode's membership (etcd) and the gRPC service {@code pb.Connect} between nodes;
 * implements the ports delivery and presence declare, and nothing else of theirs. Peers
 * authenticate with a secret derived from the token key ({@code auth}).
 */
@ApplicationModule(
		allowedDependencies = { "delivery :: ports", "presence :: ports", "auth", "node", "mode", "protocol" })
package io.gochat.cluster;

import org.springframework.modulith.ApplicationModule;
