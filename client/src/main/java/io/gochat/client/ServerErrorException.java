package io.gochat.client;

/**
 * The server refused a request: a REST answer with {@code code} -1, or an error
 * {@code Output} on the WebSocket (codes 1000 to 1010, see {@code docs/protocol.md}). The
 * message is the server's own text.
 */
public class ServerErrorException extends RuntimeException {

	/** {@code code} of a refused REST call. */
	public static final int REST_REFUSED = -1;

	private final int code;

	public ServerErrorException(int code, String message) {
		super(message);
		this.code = code;
	}

	/** The server's code: -1 for REST, 1000 to 1010 on the WebSocket. */
	public int code() {
		return this.code;
	}

	/**
	 * What a WebSocket error code means, in a user's words.
	 * @param code {@code Output.code}
	 * @return a short explanation, never null
	 */
	public static String meaning(int code) {
		return switch (code) {
			case 1000 -> "not logged in";
			case 1001 -> "the request was malformed or not allowed";
			case 1002 -> "the sender is not the logged-in user";
			case 1003 -> "not authorized: bad or expired token, or not a member of the group";
			case 1004 -> "server error or server busy: try again";
			case 1005 -> "no such user or group";
			case 1006 -> "too many requests: slow down";
			case 1008 -> "the message could not be stored: send it again";
			case 1009 -> "already online elsewhere, or already logged in";
			case 1010 -> "no route to the user";
			default -> "error " + code;
		};
	}

	@Override
	public String toString() {
		return "ServerErrorException[" + this.code + ": " + getMessage() + "]";
	}

}
