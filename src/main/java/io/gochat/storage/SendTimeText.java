package io.gochat.storage;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Renders a send time as the DATETIME literal {@code yyyy-MM-dd HH:mm:ss} in this JVM's
 * zone, as the driver does with a {@code Timestamp}. Whole seconds: the column keeps no
 * fractions. Remembers the last second rendered, since the copies of a message share
 * their time. Not thread-safe: one per statement batch.
 */
final class SendTimeText {

	private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

	private final ZoneId zone = ZoneId.systemDefault();

	private long lastSecond = Long.MIN_VALUE;

	private String lastText;

	String of(long epochMillis) {
		long second = Math.floorDiv(epochMillis, 1000L);
		if (second != this.lastSecond) {
			Instant instant = Instant.ofEpochSecond(second);
			this.lastText = FORMAT.format(LocalDateTime.ofInstant(instant, this.zone));
			this.lastSecond = second;
		}
		return this.lastText;
	}

}
