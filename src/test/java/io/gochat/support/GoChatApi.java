package io.gochat.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * The REST API as a client sees it: form fields in, {@code {"code", "msg", "data"}} out.
 */
public final class GoChatApi {

	// unique per run, so tests never collide with users of earlier runs
	private static final AtomicLong PHONES = new AtomicLong(
			10_000_000_000L + (System.currentTimeMillis() % 1_000_000_000L) * 10);

	private final RestClient rest;

	public GoChatApi(int port) {
		this("127.0.0.1", port);
	}

	public GoChatApi(String host, int port) {
		this.rest = RestClient.builder().baseUrl("http://" + host + ":" + port).build();
	}

	public static String newPhoneNumber() {
		return Long.toString(PHONES.incrementAndGet() % 100_000_000_000L + 10_000_000_000L);
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> post(String path, String token, Map<String, ?> fields) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		fields.forEach((key, value) -> {
			if (value instanceof List<?> values) {
				values.forEach((v) -> form.add(key, String.valueOf(v)));
			}
			else {
				form.add(key, String.valueOf(value));
			}
		});
		RestClient.RequestBodySpec request = this.rest.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED);
		if (token != null) {
			request.header("token", token);
		}
		return request.body(form).retrieve().body(Map.class);
	}

	@SuppressWarnings("unchecked")
	public Map<String, Object> get(String pathAndQuery, String token) {
		RestClient.RequestHeadersSpec<?> request = this.rest.get().uri(pathAndQuery);
		if (token != null) {
			request.header("token", token);
		}
		return request.retrieve().body(Map.class);
	}

	public User register() {
		String phone = newPhoneNumber();
		Map<String, Object> response = post("/register", null,
				Map.of("phone_number", phone, "nickname", "user", "password", "secret"));
		if (!Integer.valueOf(200).equals(response.get("code"))) {
			throw new IllegalStateException("register failed: " + response);
		}
		Map<?, ?> data = (Map<?, ?>) response.get("data");
		return new User(Long.parseLong((String) data.get("id")), (String) data.get("token"), phone);
	}

	public long createGroup(User owner, List<User> others) {
		Map<String, Object> response = post("/group/create", owner.token(),
				Map.of("name", "group", "ids", others.stream().map((u) -> u.id()).toList()));
		if (!Integer.valueOf(200).equals(response.get("code"))) {
			throw new IllegalStateException("group/create failed: " + response);
		}
		return Long.parseLong((String) ((Map<?, ?>) response.get("data")).get("id"));
	}

	public record User(long id, String token, String phoneNumber) {
	}

}
