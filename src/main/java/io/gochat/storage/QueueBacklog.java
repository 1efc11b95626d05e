package io.gochat.storage;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.gochat.metrics.ChatMetrics;
import io.gochat.mode.ClusterMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The cluster's persistence backlog as this node sees it: the deliveries waiting in
 * {@code message.queue} and {@code message.dead-letter.queue} (read from the broker every
 * {@value #POLL_SECONDS} s, so a scrape never waits for RabbitMQ), and the lag: how long
 * the oldest copy not yet stored has waited. The lag is the age of the oldest delivery in
 * the batch this node's consumers are writing; between batches, the age of the oldest one
 * of the last batch while deliveries still wait, else 0. Ages come from the AMQP
 * timestamp set by the publishing node (second precision, wall clocks).
 * <p>
 * The queues are shared: every node reports the same backlog (take the max, not the sum,
 * across nodes).
 */
@ClusterMode
@Component
class QueueBacklog implements DisposableBean {

	static final long POLL_SECONDS = 2;

	private static final Logger log = LoggerFactory.getLogger(QueueBacklog.class);

	private final AmqpAdmin admin;

	private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
			(task) -> Thread.ofPlatform().name("gochat-backlog").daemon().unstarted(task));

	private volatile long waiting;

	private volatile long deadLetters;

	// 0 when no batch is being written
	private volatile long writingOldestMillis;

	private volatile long lastLagMillis;

	QueueBacklog(AmqpAdmin admin, ChatMetrics metrics) {
		this.admin = admin;
		metrics.gauge("gochat.persistence.backlog", "Deliveries (units of copies) waiting in message.queue", this,
				(backlog) -> backlog.waiting);
		metrics.gauge("gochat.persistence.lag", "Seconds the oldest copy not yet stored has waited", this,
				(backlog) -> backlog.lagMillis(System.currentTimeMillis()) / 1000.0);
		metrics.gauge("gochat.persistence.dead.letters.waiting", "Deliveries waiting in message.dead-letter.queue",
				this, (backlog) -> backlog.deadLetters);
		this.poller.scheduleWithFixedDelay(this::poll, 0, POLL_SECONDS, TimeUnit.SECONDS);
	}

	private void poll() {
		try {
			this.waiting = messages(MessageQueueNames.QUEUE);
			this.deadLetters = messages(MessageQueueNames.DEAD_LETTER_QUEUE);
		}
		catch (RuntimeException ex) {
			log.debug("Could not read the queue depths: {}", ex.toString());
		}
	}

	private long messages(String queue) {
		QueueInformation info = this.admin.getQueueInfo(queue);
		return (info != null) ? info.getMessageCount() : 0;
	}

	/**
	 * A consumer starts writing deliveries published at {@code oldestMillis} or later.
	 */
	void writing(long oldestMillis) {
		this.writingOldestMillis = oldestMillis;
	}

	/** The batch started with {@link #writing} is stored (or dead-lettered). */
	void written(long nowMillis) {
		long oldest = this.writingOldestMillis;
		if (oldest != 0) {
			this.lastLagMillis = Math.max(0, nowMillis - oldest);
		}
		this.writingOldestMillis = 0;
	}

	long lagMillis(long nowMillis) {
		long oldest = this.writingOldestMillis;
		if (oldest != 0) {
			return Math.max(0, nowMillis - oldest);
		}
		return (this.waiting > 0) ? this.lastLagMillis : 0;
	}

	@Override
	public void destroy() {
		this.poller.shutdownNow();
	}

}
