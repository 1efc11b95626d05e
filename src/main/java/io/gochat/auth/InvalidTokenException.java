package io.gochat.auth;

import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;

/**
 * A token that is missing, malformed, wrongly signed, expired or without a user id.
 */
public class InvalidTokenException extends GoChatException {

	InvalidTokenException(String message) {
		super(ErrorCode.UNAUTHORIZED, message);
	}

}
