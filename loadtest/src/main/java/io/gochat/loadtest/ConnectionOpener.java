package io.gochat.loadtest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens one logged-in connection per user with a bounded number of handshakes and logins in
 * flight (a burst of thousands of simultaneous connects overflows the server's accept backlog
 * and measures nothing useful). Connection i goes to endpoint i mod E and binds to source
 * address i mod A, so users spread evenly over nodes and local addresses.
 */
final class ConnectionOpener {

	private final WebSocketConnector connector;

	private final List<URI> endpoints;

	private final List<InetAddress> sourceAddresses;

	private final int parallelism;

	ConnectionOpener(WebSocketConnector connector, List<URI> endpoints, List<InetAddress> sourceAddresses,
			int parallelism) {
		this.connector = connector;
		this.endpoints = endpoints;
		this.sourceAddresses = sourceAddresses;
		this.parallelism = Math.max(1, parallelism);
	}

	/**
	 * @return the connections in user order, all logged in
	 * @throws IllegalStateException if any did not log in within the timeout; the ones that
	 * did are closed then
	 */
	List<ChatConnection> openAll(List<UserAccount> users, Duration timeout) {
		List<ChatConnection> connections = new ArrayList<>(users.size());
		List<CompletableFuture<Void>> logins = new ArrayList<>(users.size());
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		AtomicInteger done = new AtomicInteger();
		Semaphore inFlight = new Semaphore(this.parallelism);
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		long nextProgress = started + TimeUnit.SECONDS.toNanos(5);
		for (int i = 0; i < users.size(); i++) {
			if (!acquire(inFlight, deadline)) {
				failures.add("gave up after " + timeout.toSeconds() + " s with " + (users.size() - i) + " connections not started");
				break;
			}
			URI uri = this.endpoints.get(i % this.endpoints.size());
			InetAddress source = this.sourceAddresses.isEmpty() ? null
					: this.sourceAddresses.get(i % this.sourceAddresses.size());
			ChatConnection connection = new ChatConnection(i, users.get(i), new InetSocketAddress(uri.getHost(), port(uri)));
			connections.add(connection);
			CompletableFuture<Void> login = this.connector.connect(uri, source, connection).whenComplete((ok, ex) -> {
				inFlight.release();
				done.incrementAndGet();
				if (ex != null) {
					failures.add("user " + connection.user().id() + " via " + uri + ": " + rootMessage(ex));
				}
			});
			logins.add(login);
			if (System.nanoTime() > nextProgress) {
				System.out.printf("connections: %d/%d logged in%n", done.get(), users.size());
				nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			}
		}
		for (CompletableFuture<Void> login : logins) {
			try {
				login.get(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
			}
			catch (Exception ex) {
				// recorded by whenComplete, or the deadline passed: counted below
			}
		}
		long ok = logins.stream().filter((f) -> f.isDone() && !f.isCompletedExceptionally()).count();
		System.out.printf("connections: %d/%d logged in in %d ms%n", ok, users.size(),
				(System.nanoTime() - started) / 1_000_000);
		if (ok != users.size()) {
			connections.forEach(ChatConnection::close);
			throw new IllegalStateException(
					(users.size() - ok) + " of " + users.size() + " connections did not log in; first failures: "
							+ failures.stream().limit(3).toList());
		}
		return connections;
	}

	private static int port(URI uri) {
		if (uri.getPort() > 0) {
			return uri.getPort();
		}
		return "wss".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	private static String rootMessage(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
	}

	private static boolean acquire(Semaphore semaphore, long deadline) {
		try {
			return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
