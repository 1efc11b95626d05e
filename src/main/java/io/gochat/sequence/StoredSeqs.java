package io.gochat.sequence;

import org.springframework.modulith.NamedInterface;

/**
 * The seqs already stored, where a counter kept in memory starts from. Implemented by the
 * history module.
 */
@NamedInterface("ports")
public interface StoredSeqs {

	/**
	 * The highest seq stored for the user, 0 if none.
	 */
	long highestSeq(long userId);

}
