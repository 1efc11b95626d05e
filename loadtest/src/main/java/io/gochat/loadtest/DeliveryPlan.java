package io.gochat.loadtest;

/**
 * Which receiving connection is meant to get the messages of which sending connection. A push
 * outside the plan (for example a sender getting its own group message back) is counted as
 * unexpected rather than as a delivery.
 */
@FunctionalInterface
interface DeliveryPlan {

	boolean expects(int receiver, int sender);

	/** Group chat: every online member gets every other member's messages. */
	static DeliveryPlan group() {
		return (receiver, sender) -> receiver != sender;
	}

	/** Single chat in pairs (0,1), (2,3), …: each gets its partner's messages. */
	static DeliveryPlan pairs() {
		return (receiver, sender) -> (receiver ^ 1) == sender;
	}

}
