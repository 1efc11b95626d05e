package io.gochat.user;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.gochat.node.Refusals;
import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * BCrypt on a bounded pool ({@code app.limits.hashing-threads} threads, a queue of
 * {@code app.limits.hashing-queue}): a login flood queues here, or is refused when the
 * queue is full, instead of taking every core from chat. Same contract as
 * {@link BCryptPasswordEncoder}; a refusal throws {@link GoChatException} with
 * {@link ErrorCode#RATE_LIMITED}.
 */
@Component
class PasswordHashing implements PasswordEncoder, DisposableBean {

	private final BCryptPasswordEncoder bcrypt;

	private final ThreadPoolExecutor pool;

	private final long timeoutMillis;

	private final Refusals refusals;

	PasswordHashing(UserProperties properties, UserLimits limits, Refusals refusals) {
		this.bcrypt = new BCryptPasswordEncoder(properties.passwordStrength());
		AtomicInteger threads = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(limits.hashingThreads(), limits.hashingThreads(), 0, TimeUnit.SECONDS,
				new ArrayBlockingQueue<>(limits.hashingQueue()), (task) -> {
					Thread thread = new Thread(task, "gochat-hashing-" + threads.incrementAndGet());
					thread.setDaemon(true);
					// chat's threads come first when the cores are busy
					thread.setPriority(Thread.MIN_PRIORITY);
					return thread;
				});
		this.timeoutMillis = limits.hashingTimeout().toMillis();
		this.refusals = refusals;
	}

	@Override
	public String encode(CharSequence rawPassword) {
		return run(() -> this.bcrypt.encode(rawPassword));
	}

	@Override
	public boolean matches(CharSequence rawPassword, String encodedPassword) {
		return run(() -> this.bcrypt.matches(rawPassword, encodedPassword));
	}

	private <T> T run(Callable<T> hashing) {
		Future<T> result;
		try {
			result = this.pool.submit(hashing);
		}
		catch (RejectedExecutionException ex) {
			throw busy("hashing-queue");
		}
		try {
			return result.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			result.cancel(true);
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
				"server busy: too many logins and registrations in " + "progress, try again in a few seconds");
	}

	@Override
	public void destroy() {
		this.pool.shutdownNow();
	}

}
