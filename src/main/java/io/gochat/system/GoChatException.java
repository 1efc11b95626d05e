package io.gochat.system;

/**
 * A refusal a client should see: carries the contract's {@link ErrorCode} and a message
 * that says what was wrong. Mapped once at each edge: REST answers {@code {"code": -1,
 * "msg": ...}}, the WebSocket gateway an {@code Output} with the code.
 */
public class GoChatException extends RuntimeException {

	private final ErrorCode code;

	public GoChatException(ErrorCode code, String message) {
		super(message);
		this.code = code;
	}

	public GoChatException(ErrorCode code, String message, Throwable cause) {
		super(message, cause);
		this.code = code;
	}

	public ErrorCode code() {
		return this.code;
	}

}
