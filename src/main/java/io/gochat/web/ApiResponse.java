package io.gochat.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON shape of every REST answer: {@code code} 200 with {@code data}, or -1 with a
 * human-readable {@code msg} and no {@code data}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse(int code, String msg, Object data) {

	public static final int FAILURE = -1;

	public static ApiResponse ok(String msg, Object data) {
		return new ApiResponse(200, msg, data);
	}

	public static ApiResponse ok(String msg) {
		return new ApiResponse(200, msg, null);
	}

	public static ApiResponse failure(String msg) {
		return new ApiResponse(FAILURE, msg, null);
	}

}
