/**
 * The node's chat metrics ({@code gochat.*} in Micrometer): every counter and timer is
 * resolved once here, so the message path only increments fields. Depends on nothing but
 * the error codes of {@code system}.
 */
package io.gochat.metrics;
