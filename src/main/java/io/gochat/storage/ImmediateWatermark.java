package io.gochat.storage;

import io.gochat.mode.StandaloneMode;

import org.springframework.stereotype.Component;

/**
 * Standalone: the sender's ACK already waits for the commit, so whatever was ACKed is
 * stored.
 */
@StandaloneMode
@Component
class ImmediateWatermark implements PersistenceWatermark {

	@Override
	public Mark mark() {
		return Mark.NOTHING;
	}

	@Override
	public Stored stored() {
		return Stored.EVERYTHING;
	}

}
