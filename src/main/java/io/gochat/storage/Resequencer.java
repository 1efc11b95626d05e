package io.gochat.storage;

/**
 * Gives a copy that found its seq taken by a different message a new seq of its owner.
 * Implemented where seqs are allocated; storage only asks.
 */
public interface Resequencer {

	/**
	 * A new seq of the user, higher than any handed out so far.
	 */
	long nextSeq(long userId);

}
