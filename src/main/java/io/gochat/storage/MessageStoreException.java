package io.gochat.storage;

/**
 * Copies could not be queued for persistence; the sender must not be told they were
 * accepted.
 */
public class MessageStoreException extends RuntimeException {

	public MessageStoreException(String message) {
		super(message);
	}

	public MessageStoreException(String message, Throwable cause) {
		super(message, cause);
	}

}
