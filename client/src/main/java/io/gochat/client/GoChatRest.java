package io.gochat.client;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The REST API of a GoChat node ({@code http://<host>:9090} by default): form fields in,
 * {@code {"code", "msg", "data"}} out. Every typed call throws
 * {@link ServerErrorException} with the server's message when the answer's code is not
 * 200. Thread-safe.
 *
 * <pre>{@code
 * GoChatRest rest = new GoChatRest(URI.create("http://127.0.0.1:9090"));
 * GoChatRest.Account alice = rest.register("13800000001", "alice", "secret");
 * long group = rest.createGroup(alice.token(), "team", List.of(2L, 3L));
 * }</pre>
 */
public final class GoChatRest {

	/**
	 * The WebSocket port of a node that does not answer {@code /route} (an upstream Go
	 * node).
	 */
	public static final int DEFAULT_WEBSOCKET_PORT = 9091;

	private final URI base;

	private final HttpClient http;

	private final Duration timeout;

	/**
	 * @param base the node's HTTP address, e.g. {@code http://127.0.0.1:9090}
	 */
	public GoChatRest(URI base) {
		this(base, Duration.ofSeconds(10));
	}

	/**
	 * @param base the node's HTTP address
	 * @param timeout how long one call may take (connect and answer)
	 */
	public GoChatRest(URI base, Duration timeout) {
		String text = base.toString();
		this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		this.timeout = timeout;
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
	}

	public URI base() {
		return this.base;
	}

	/** {@code POST /register}: a new user, logged in. */
	public Account register(String phoneNumber, String nickname, String password) {
		Map<String, Object> data = data(post("/register", null,
				Map.of("phone_number", phoneNumber, "nickname", nickname, "password", password)));
		return new Account(Long.parseLong((String) data.get("id")), (String) data.get("token"));
	}

	/** {@code POST /login}. */
	public Account login(String phoneNumber, String password) {
		Map<String, Object> data = data(
				post("/login", null, Map.of("phone_number", phoneNumber, "password", password)));
		return new Account(Long.parseLong((String) data.get("user_id")), (String) data.get("token"));
	}

	/** {@code POST /friend/add}. */
	public void addFriend(String token, long friendId) {
		data(post("/friend/add", token, Map.of("friend_id", friendId)));
	}

	/**
	 * {@code POST /group/create}: a group of the caller and {@code memberIds} (ids of
	 * unknown users are dropped by the server).
	 * @return the group id
	 */
	public long createGroup(String token, String name, Collection<Long> memberIds) {
		Map<String, Object> data = data(
				post("/group/create", token, Map.of("name", name, "ids", List.copyOf(memberIds))));
		return Long.parseLong((String) data.get("id"));
	}

	/** {@code GET /group_user/list}: the members of a group the caller belongs to. */
	public List<Long> groupMembers(String token, long groupId) {
		Map<String, Object> data = data(get("/group_user/list?group_id=" + groupId, token));
		List<Long> ids = new ArrayList<>();
		for (Object id : (List<?>) data.get("ids")) {
			ids.add(Long.parseLong(String.valueOf(id)));
		}
		return ids;
	}

	/**
	 * The WebSocket address to connect to: what the node answers on {@code GET /route}
	 * (the least-loaded node of a cluster), else {@code ws://<host>:9091/ws}.
	 */
	public URI webSocketUri() {
		try {
			String url = findWebSocketUrl(get("/route", null));
			if (url != null) {
				return URI.create(url);
			}
		}
		catch (RuntimeException ex) {
			// not offered by this node (an upstream Go node): its default port below
		}
		return URI.create("ws://" + this.base.getHost() + ":" + DEFAULT_WEBSOCKET_PORT + "/ws");
	}

	private static String findWebSocketUrl(Object json) {
		if (json instanceof String text && (text.startsWith("ws://") || text.startsWith("wss://"))) {
			return text;
		}
		if (json instanceof Map<?, ?> map) {
			for (Object value : map.values()) {
				String found = findWebSocketUrl(value);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/**
	 * Any POST: the answer as parsed JSON, whatever its code.
	 * @param fields form fields; a {@code Collection} value is sent as a repeated field
	 */
	public Map<String, Object> post(String path, String token, Map<String, ?> fields) {
		StringJoiner form = new StringJoiner("&");
		fields.forEach((key, value) -> {
			if (value instanceof Collection<?> values) {
				values.forEach((v) -> form.add(encode(key) + "=" + encode(String.valueOf(v))));
			}
			else {
				form.add(encode(key) + "=" + encode(String.valueOf(value)));
			}
		});
		HttpRequest.Builder request = request(path, token).header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form.toString()));
		return send(request.build());
	}

	/** Any GET: the answer as parsed JSON, whatever its code. */
	public Map<String, Object> get(String pathAndQuery, String token) {
		return send(request(pathAndQuery, token).GET().build());
	}

	private HttpRequest.Builder request(String path, String token) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path)).timeout(this.timeout);
		if (token != null) {
			request.header("token", token);
		}
		return request;
	}

	@SuppressWarnings("unchecked")
	private Map<String, Object> send(HttpRequest request) {
		HttpResponse<String> response;
		try {
			response = this.http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(request.method() + " " + request.uri() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted: " + request.uri(), ex);
		}
		Object json;
		try {
			json = Json.parse(response.body());
		}
		catch (IllegalArgumentException ex) {
			throw new ServerErrorException(response.statusCode(),
					request.uri() + " answered HTTP " + response.statusCode() + ", not JSON");
		}
		if (!(json instanceof Map<?, ?>)) {
			throw new ServerErrorException(response.statusCode(), request.uri() + " answered " + response.body());
		}
		return (Map<String, Object>) json;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> data(Map<String, Object> answer) {
		Object code = answer.get("code");
		if (!(code instanceof Number number) || number.intValue() != 200) {
			throw new ServerErrorException(
					(code instanceof Number n) ? n.intValue() : ServerErrorException.REST_REFUSED,
					String.valueOf(answer.get("msg")));
		}
		Object data = answer.get("data");
		return (data instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	/**
	 * A logged-in user.
	 *
	 * @param userId the user's id
	 * @param token the JWT to log in with on the WebSocket and to send as the
	 * {@code token} header
	 */
	public record Account(long userId, String token) {
	}

}
