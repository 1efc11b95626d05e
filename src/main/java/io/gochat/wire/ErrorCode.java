package io.gochat.wire;

/**
 * The result codes of {@code Output.code} (docs/protocol.md, "Error codes"), with the
 * text sent as {@code CodeMsg} when no more specific message is given.
 */
public enum ErrorCode {

	OK(200, "Success"),

	NOT_LOGGED_IN(1000, "not logged in"),

	ILLEGAL_PARAMETER(1001, "illegal parameter"),

	ILLEGAL_USER_ID(1002, "illegal user id"),

	UNAUTHORIZED(1003, "unauthorized"),

	SERVER_ERROR(1004, "server error"),

	NO_DATA(1005, "no data"),

	/**
	 * A limit of this node refused the command (too many messages or syncs a second, too
	 * many commands waiting, too many syncs in flight); send it again later. Upstream's
	 * "add error" in this slot is never sent by this server.
	 */
	RATE_LIMITED(1006, "rate limited"),

	DELETE_ERROR(1007, "delete error"),

	STORE_ERROR(1008, "store error"),

	OPERATION_FAILURE(1009, "operation failure"),

	ROUTE_NOT_EXIST(1010, "route does not exist");

	private final int code;

	private final String defaultMessage;

	ErrorCode(int code, String defaultMessage) {
		this.code = code;
		this.defaultMessage = defaultMessage;
	}

	public int code() {
		return this.code;
	}

	public String defaultMessage() {
		return this.defaultMessage;
	}

}
