package io.gochat.storage;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendTimeTextTests {

	@Test
	void rendersWholeSecondsInTheLocalZone() {
		long millis = 1_764_000_123_987L;
		String expected = LocalDateTime
			.ofInstant(java.time.Instant.ofEpochSecond(1_764_000_123L), ZoneId.systemDefault())
			.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
		SendTimeText text = new SendTimeText();
		assertThat(text.of(millis)).isEqualTo(expected);
		assertThat(text.of(millis - 987)).isEqualTo(expected);
		assertThat(text.of(millis + 1000)).isNotEqualTo(expected);
	}

}
