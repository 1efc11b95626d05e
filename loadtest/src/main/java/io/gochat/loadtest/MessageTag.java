package io.gochat.loadtest;

/**
 * What a load-test message carries in its content so that a receiver can attribute a push
 * without any shared state: the run it belongs to, the index of the sending connection, the
 * round it was sent in and the sender's clientId. Pushes of other runs (a previous run's
 * stragglers, another generator) carry another run tag and are counted apart.
 *
 * @param run the run tag
 * @param sender index of the sending connection
 * @param round round (group) or second (single) of the send, from 0
 * @param clientId the sender connection's clientId of this message, from 1
 */
record MessageTag(String run, int sender, int round, long clientId) {

	static final String PREFIX = "lt";

	/** The content: plain ASCII, readable in the message table. */
	String encode() {
		return PREFIX + " " + this.run + " " + this.sender + " " + this.round + " " + this.clientId;
	}

	/** The prefix every content of a run starts with, for counting its rows with LIKE. */
	static String contentPrefix(String run) {
		return PREFIX + " " + run + " ";
	}

	/** Parses a content written by {@link #encode()}; null for anything else. */
	static MessageTag parse(String content) {
		String[] parts = content.split(" ", -1);
		if (parts.length != 5 || !PREFIX.equals(parts[0])) {
			return null;
		}
		try {
			return new MessageTag(parts[1], Integer.parseInt(parts[2]), Integer.parseInt(parts[3]),
					Long.parseLong(parts[4]));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
