package io.gochat.loadtest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Registers the run's users, phone numbers {@code first .. first + count - 1}, with bounded
 * parallelism: the server hashes every password with BCrypt, so each call costs it tens of
 * milliseconds of CPU and a serial loop would take minutes. A phone number that is already
 * registered (an earlier run) is logged in instead, so runs reuse their users.
 */
final class UserRegistrar {

	private static final String NICKNAME = "test";

	private final GoChatRestClient rest;

	private final int parallelism;

	private final String password;

	UserRegistrar(GoChatRestClient rest, int parallelism, String password) {
		this.rest = rest;
		this.parallelism = Math.max(1, parallelism);
		this.password = password;
	}

	/**
	 * @return the users in phone order
	 * @throws IllegalStateException if any phone number could be neither registered nor
	 * logged in within the timeout
	 */
	List<UserAccount> registerOrLogin(long firstPhone, int count, Duration timeout) {
		AtomicReferenceArray<UserAccount> users = new AtomicReferenceArray<>(count);
		ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
		AtomicInteger registered = new AtomicInteger();
		AtomicInteger loggedIn = new AtomicInteger();
		Semaphore inFlight = new Semaphore(this.parallelism);
		long deadline = System.nanoTime() + timeout.toNanos();
		long started = System.nanoTime();
		try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < count; i++) {
				if (!acquire(inFlight, deadline)) {
					failures.add("gave up after " + timeout.toSeconds() + " s with " + (count - i) + " users left");
					break;
				}
				int index = i;
				executor.submit(() -> {
					try {
						long phone = firstPhone + index;
						users.set(index, account(index, phone, registered, loggedIn));
					}
					catch (RuntimeException ex) {
						failures.add(ex.getMessage());
					}
					finally {
						inFlight.release();
					}
				});
			}
			executor.shutdown();
			awaitQuietly(executor, deadline);
			executor.shutdownNow();
		}
		List<UserAccount> result = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			if (users.get(i) != null) {
				result.add(users.get(i));
			}
		}
		System.out.printf("users: %d registered, %d logged in (reused) in %d ms%n", registered.get(), loggedIn.get(),
				(System.nanoTime() - started) / 1_000_000);
		if (result.size() != count) {
			throw new IllegalStateException("only " + result.size() + " of " + count + " users registered or logged in; first failures: "
					+ failures.stream().limit(3).toList());
		}
		return result;
	}

	private UserAccount account(int index, long phone, AtomicInteger registered, AtomicInteger loggedIn) {
		try {
			GoChatRestClient.Login login = this.rest.register(phone, NICKNAME, this.password);
			registered.incrementAndGet();
			return new UserAccount(index, phone, login.userId(), login.token());
		}
		catch (GoChatRestClient.RestException refused) {
			// most likely registered by an earlier run: reuse it
			try {
				GoChatRestClient.Login login = this.rest.login(phone, this.password);
				loggedIn.incrementAndGet();
				return new UserAccount(index, phone, login.userId(), login.token());
			}
			catch (GoChatRestClient.RestException ex) {
				throw new IllegalStateException(phone + ": register: " + refused.getMessage() + "; login: " + ex.getMessage(), ex);
			}
		}
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

	private static void awaitQuietly(ExecutorService executor, long deadline) {
		try {
			executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
