package io.gochat.delivery;

import java.util.Map;

import io.gochat.metrics.ChatMetrics;
import io.gochat.presence.Location;

import org.springframework.stereotype.Component;

/**
 * Gets a push to wherever its receiver is connected (see
 * {@link io.gochat.presence.UserPresence#locate}): this node, another live node, or
 * nowhere (offline: the stored copy waits for sync).
 */
@Component
class PushRouter {

	private final LocalSessions local;

	private final ClusterNodes cluster;

	private final ChatMetrics metrics;

	PushRouter(LocalSessions local, ClusterNodes cluster, ChatMetrics metrics) {
		this.local = local;
		this.cluster = cluster;
		this.metrics = metrics;
	}

	/**
	 * Queues the push for the located receiver. Never blocks: safe on the delivery
	 * pipeline's thread, whose order it keeps (local queues and per-peer gRPC channels
	 * are FIFO). A copy not pushed from here is skipped on the receiver's connection
	 * here, if it has one (it connected after it was located), so its later pushes need
	 * not wait for it.
	 */
	void push(Location location, long userId, long seq, byte[] output, long acceptedNanos) {
		if (location == Location.LOCAL) {
			if (this.local.push(userId, seq, output, acceptedNanos)) {
				this.metrics.pushedLocal(1);
				return;
			}
		}
		else if (location != Location.OFFLINE) {
			this.cluster.deliver(location.node(), userId, output);
			this.metrics.pushedRemote(1);
		}
		this.local.skip(userId, seq);
	}

	/**
	 * Queues the push of a group member if it is connected here. Never blocks.
	 * @return whether it was queued
	 */
	boolean pushIfLocal(long userId, long seq, byte[] output, long acceptedNanos) {
		return this.local.push(userId, seq, output, acceptedNanos);
	}

	/**
	 * Hands a group message's pushes to every other node, as upstream does: each delivers
	 * to the members it holds. Counts the {@code local} pushes queued here by
	 * {@link #pushIfLocal}: which members another node holds is known there
	 * ({@code gochat.pushes{route=from-peer}}). Never blocks.
	 */
	void pushToOthers(Map<Long, byte[]> outputs, int local) {
		this.metrics.pushedLocal(local);
		this.cluster.deliverToOthers(outputs);
	}

	/**
	 * Tells the user's connection here, if any, that {@code seq} will not be pushed.
	 */
	void skip(long userId, long seq) {
		this.local.skip(userId, seq);
	}

}
