/**
 * Cluster mode's membership (etcd) and the gRPC service {@code pb.Connect} between nodes;
 * implements the ports delivery and presence declare, and nothing else of theirs.
 */
@ApplicationModule(
		allowedDependencies = { "auth", "delivery :: ports", "presence :: ports", "node", "mode", "protocol" })
package io.gochat.cluster;

import org.springframework.modulith.ApplicationModule;
