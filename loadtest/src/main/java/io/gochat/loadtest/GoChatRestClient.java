package io.gochat.loadtest;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The REST calls the load test needs: register, login, create a group. Form bodies in, the
 * server's {@code {"code","msg","data"}} envelope out; a code other than 200 is a
 * {@link RestException}.
 */
final class GoChatRestClient implements AutoCloseable {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final URI base;

	private final HttpClient http;

	GoChatRestClient(URI base) {
		this.base = base;
		// HTTP/1.1: plain-text HTTP/2 would cost an upgrade dance on every new connection;
		// virtual threads: callers run requests with bounded parallelism of their own
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.executor(Executors.newVirtualThreadPerTaskExecutor())
			.build();
	}

	/** Registers the phone number; answers its user id and token. */
	Login register(long phone, String nickname, String password) {
		JsonNode data = post("/register", null, form("phone_number", String.valueOf(phone), "nickname", nickname,
				"password", password));
		return new Login(Long.parseLong(data.path("id").asText()), data.path("token").asText());
	}

	Login login(long phone, String password) {
		JsonNode data = post("/login", null, form("phone_number", String.valueOf(phone), "password", password));
		return new Login(Long.parseLong(data.path("user_id").asText()), data.path("token").asText());
	}

	/** Creates a group owned by the token's user with the given members; answers its id. */
	long createGroup(String token, String name, List<Long> memberIds) {
		StringBuilder body = new StringBuilder(form("name", name));
		for (Long id : memberIds) {
			body.append("&ids=").append(id);
		}
		JsonNode data = post("/group/create", token, body.toString());
		return Long.parseLong(data.path("id").asText());
	}

	private JsonNode post(String path, String token, String form) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(REQUEST_TIMEOUT)
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		if (token != null) {
			request.header("token", token);
		}
		HttpResponse<String> response;
		try {
			response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new RestException(path + ": " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RestException(path + ": interrupted", ex);
		}
		JsonNode body;
		try {
			body = JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new RestException(path + ": HTTP " + response.statusCode() + ", not JSON: " + abbreviate(response.body()), ex);
		}
		if (body.path("code").asInt() != 200) {
			throw new RestException(path + ": " + body.path("msg").asText(abbreviate(response.body())));
		}
		return body.path("data");
	}

	private static String form(String... namesAndValues) {
		StringBuilder body = new StringBuilder();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (!body.isEmpty()) {
				body.append('&');
			}
			body.append(URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8))
				.append('=')
				.append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
		}
		return body.toString();
	}

	private static String abbreviate(String text) {
		return text.length() <= 200 ? text : text.substring(0, 200) + "…";
	}

	@Override
	public void close() {
		this.http.close();
	}

	record Login(long userId, String token) {
	}

	/** A REST call failed or was refused. */
	static final class RestException extends RuntimeException {

		RestException(String message) {
			super(message);
		}

		RestException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
