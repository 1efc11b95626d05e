/**
 * Node selection: {@code GET /route} answers the WebSocket URL of the least-loaded live
 * node, from connection counts the nodes share (Redis in cluster mode, this node alone in
 * standalone mode).
 */
@ApplicationModule(allowedDependencies = { "gateway", "presence :: ports", "mode", "node", "web" })
package io.gochat.routing;

import org.springframework.modulith.ApplicationModule;
