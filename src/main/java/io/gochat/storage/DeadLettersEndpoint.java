package io.gochat.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.gochat.mode.ClusterMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.stereotype.Component;

/**
 * {@code GET /actuator/deadletters} counts the deliveries the database refused;
 * {@code POST /actuator/deadletters} (optional JSON {@code {"limit": n}}) puts them back
 * on the message queue after the cause was fixed.
 */
@ClusterMode
@Component
@Endpoint(id = "deadletters")
class DeadLettersEndpoint {

	private final DeadLetters deadLetters;

	DeadLettersEndpoint(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@ReadOperation
	public Map<String, Object> count() {
		return Map.of("queue", MessageQueueNames.DEAD_LETTER_QUEUE, "messages", this.deadLetters.count());
	}

	@WriteOperation
	public Map<String, Object> replay(@Nullable Integer limit) {
		try {
			int moved = this.deadLetters.replay(limit == null ? Integer.MAX_VALUE : limit);
			return Map.of("replayed", moved);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
