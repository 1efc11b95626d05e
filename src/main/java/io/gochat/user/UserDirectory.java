package io.gochat.user;

import java.util.Collection;
import java.util.List;

/**
 * Which user ids exist. Users are never deleted, so a positive answer may be cached.
 */
public interface UserDirectory {

	boolean exists(long userId);

	/**
	 * The ids among {@code userIds} that belong to registered users, without duplicates.
	 */
	List<Long> existing(Collection<Long> userIds);

}
