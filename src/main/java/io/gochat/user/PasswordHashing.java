package io.gochat.user;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.gochat.node.Refusals;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt on a bounded pool ({@code app.limits.hashing-threads} threads) fed by a
 * {@link FairHashingQueue} ({@code app.limits.hashing-queue} hashes in all,
 * {@code app.limits.hashing-queue-per-address} from one remote address): a login flood
 * queues behind itself or is refused, instead of taking every core from chat or making
 * everyone else's login wait for it. A refusal throws {@link GoChatException} with
 * {@link ErrorCode#RATE_LIMITED}.
 */
@Component
class PasswordHashing implements DisposableBean {

	/** The queue line of hashes the node makes for itself (the dummy hash at start). */
	static final String NODE = "node";

	private final BCryptPasswordEncoder bcrypt;

	private final FairHashingQueue queue;

	private final List<Thread> threads = new ArrayList<>();

	private final long timeoutMillis;

	private final Refusals refusals;

	PasswordHashing(UserProperties properties, UserLimits limits, Refusals refusals) {
		this.bcrypt = new BCryptPasswordEncoder(properties.passwordStrength());
		this.queue = new FairHashingQueue(limits.hashingQueue(), limits.hashingQueuePerAddress());
		this.timeoutMillis = limits.hashingTimeout().toMillis();
		this.refusals = refusals;
		for (int i = 1; i <= limits.hashingThreads(); i++) {
			Thread thread = new Thread(this::hashUntilClosed, "gochat-hashing-" + i);
			thread.setDaemon(true);
			// chat's threads come first when the cores are busy
			thread.setPriority(Thread.MIN_PRIORITY);
			thread.start();
			this.threads.add(thread);
		}
	}

	/** A BCrypt hash of {@code rawPassword}, computed in {@code address}'s turn. */
	String encode(CharSequence rawPassword, String address) {
		return run(address, () -> this.bcrypt.encode(rawPassword));
	}

	/**
	 * Whether {@code rawPassword} matches the hash, checked in {@code address}'s turn.
	 */
	boolean matches(CharSequence rawPassword, String encodedPassword, String address) {
		return run(address, () -> this.bcrypt.matches(rawPassword, encodedPassword));
	}

	private void hashUntilClosed() {
		try {
			Runnable hash;
			while ((hash = this.queue.take()) != null) {
				// a FutureTask: what the hash throws goes to its caller
				hash.run();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private <T> T run(String address, Callable<T> hashing) {
		FutureTask<T> result = new FutureTask<>(hashing);
		switch (this.queue.offer(address, result)) {
			case QUEUE_FULL -> throw busy("hashing-queue");
			case ADDRESS_FULL -> throw busy("hashing-queue-per-address");
			case NONE -> {
			}
		}
		try {
			return result.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			// still queued: it is skipped when its turn comes
			result.cancel(false);
			throw busy("hashing-timeout");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw busy("hashing-timeout");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException("password hashing failed", ex.getCause());
		}
	}

	private GoChatException busy(String limit) {
		this.refusals.count(limit);
		return new GoChatException(ErrorCode.RATE_LIMITED,
				"server busy: too many logins and registrations in progress, try again in a few seconds");
	}

	@Override
	public void destroy() {
		this.queue.close();
		this.threads.forEach(Thread::interrupt);
	}

}
