package io.gochat.wire;

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

	/**
	 * A request refused for what it asked: {@link ErrorCode#ILLEGAL_PARAMETER} with
	 * {@code message} saying what was wrong.
	 */
	public static GoChatException refused(String message) {
		return new GoChatException(ErrorCode.ILLEGAL_PARAMETER, message);
	}

	public ErrorCode code() {
		return this.code;
	}

}
