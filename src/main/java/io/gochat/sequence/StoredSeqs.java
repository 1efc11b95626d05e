package io.gochat.sequence;

import java.util.Collection;
import java.util.Map;

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

	/**
	 * The highest seq stored for each of the users that has any stored copy.
	 */
	Map<Long, Long> highestSeqs(Collection<Long> userIds);

}
