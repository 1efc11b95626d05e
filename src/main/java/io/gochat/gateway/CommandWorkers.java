package io.gochat.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Upstream's worker pool: {@code worker-pool-size} threads, each with a queue of
 * {@code max-worker-task} commands. A connection's commands always go to worker
 * (connection id mod size), so they run one at a time in arrival order, off the event
 * loop: they may block on Redis and the database (the route at login, the group members
 * and the receiver of a message, sync pages). Storage is not waited for: a message's ACK
 * follows when the broker confirms.
 */
@Component
class CommandWorkers implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(CommandWorkers.class);

	private final List<ThreadPoolExecutor> workers;

	CommandWorkers(GatewayProperties properties) {
		this.workers = new ArrayList<>(properties.workerPoolSize());
		for (int i = 0; i < properties.workerPoolSize(); i++) {
			String name = "gochat-worker-" + i;
			this.workers.add(new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
					new ArrayBlockingQueue<>(properties.maxWorkerTask()), (task) -> new Thread(task, name)));
		}
	}

	/**
	 * Queues a command of the connection on its worker.
	 * @return false if that worker's queue is full (the command is not run)
	 */
	boolean submit(Connection connection, Runnable command) {
		try {
			workerOf(connection).execute(command);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	/**
	 * Runs a task after the connection's queued commands; if its worker is full, on
	 * another thread rather than not at all (for cleanup that must happen).
	 */
	void submitEventually(Connection connection, Runnable task) {
		if (!submit(connection, task)) {
			CompletableFuture.runAsync(task).exceptionally((ex) -> {
				log.warn("Cleanup of {} failed", connection, ex);
				return null;
			});
		}
	}

	/**
	 * Waits until every worker ran what was queued before this call, at most
	 * {@code timeout}.
	 */
	void awaitIdle(Duration timeout) {
		List<CompletableFuture<Void>> barriers = new ArrayList<>();
		for (ThreadPoolExecutor worker : this.workers) {
			CompletableFuture<Void> barrier = new CompletableFuture<>();
			try {
				worker.execute(() -> barrier.complete(null));
				barriers.add(barrier);
			}
			catch (RejectedExecutionException ex) {
				// full or shut down: nothing to wait for that we could queue behind
			}
		}
		try {
			CompletableFuture.allOf(barriers.toArray(CompletableFuture[]::new))
				.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			log.warn("Workers still busy after {}", timeout);
		}
	}

	private ThreadPoolExecutor workerOf(Connection connection) {
		return this.workers.get((int) Math.floorMod(connection.id(), (long) this.workers.size()));
	}

	@Override
	public void destroy() throws InterruptedException {
		this.workers.forEach(ThreadPoolExecutor::shutdown);
		for (ThreadPoolExecutor worker : this.workers) {
			worker.awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
