package io.gochat.web;

import io.gochat.wire.ErrorCode;
import io.gochat.wire.GoChatException;

/**
 * Reads an id sent as a decimal string, the way the contract sends every id.
 */
public final class IdParameter {

	private IdParameter() {
	}

	/**
	 * The positive id in {@code text}.
	 * @param name the parameter's name, for the error message
	 * @throws GoChatException with {@link ErrorCode#ILLEGAL_PARAMETER} if {@code text} is
	 * not a positive decimal number that fits in a signed 64-bit id
	 */
	public static long parse(String name, String text) {
		try {
			long id = Long.parseLong(text == null ? "" : text.strip());
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new GoChatException(ErrorCode.ILLEGAL_PARAMETER,
				name + " must be a positive id, got '" + (text == null ? "" : text) + "'");
	}

}
