package io.gochat.support;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.gochat.client.GoChatRest;

/**
 * The REST API as a test sees it, over the SDK's {@link GoChatRest}: form fields in,
 * {@code {"code", "msg", "data"}} out, plus ready-made users and groups.
 */
public final class GoChatApi {

	// unique per run, so tests never collide with users of earlier runs
	private static final AtomicLong PHONES = new AtomicLong(
			10_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 10);

	private final GoChatRest rest;

	public GoChatApi(int port) {
		this("127.0.0.1", port);
	}

	public GoChatApi(String host, int port) {
		this.rest = new GoChatRest(URI.create("http://" + host + ":" + port));
	}

	public static String newPhoneNumber() {
		return Long.toString(PHONES.incrementAndGet() % 100_000_000_000L + 10_000_000_000L);
	}

	/** The SDK's REST client this adapter uses. */
	public GoChatRest rest() {
		return this.rest;
	}

	public Map<String, Object> post(String path, String token, Map<String, ?> fields) {
		return this.rest.post(path, token, fields);
	}

	public Map<String, Object> get(String pathAndQuery, String token) {
		return this.rest.get(pathAndQuery, token);
	}

	public User register() {
		String phone = newPhoneNumber();
		GoChatRest.Account account = this.rest.register(phone, "user", "secret");
		return new User(account.userId(), account.token(), phone);
	}

	public long createGroup(User owner, List<User> others) {
		return this.rest.createGroup(owner.token(), "group", others.stream().map(User::id).toList());
	}

	public record User(long id, String token, String phoneNumber) {
	}

}
