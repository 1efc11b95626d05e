package io.gochat.sequence;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SeqRepliesTests {

	@Test
	void readsOneSeqPerKeyInOrder() {
		assertThat(SeqReplies.toSeqs(List.of(5L, 1L, 900L), 3)).containsExactly(5, 1, 900);
	}

	@Test
	void refusesAReplyOfTheWrongLength() {
		assertThatIllegalStateException().isThrownBy(() -> SeqReplies.toSeqs(List.of(1L), 2))
			.withMessageContaining("expected: 2");
		assertThatIllegalStateException().isThrownBy(() -> SeqReplies.toSeqs(null, 1));
	}

	@Test
	void refusesValuesThatAreNotPositiveIntegers() {
		assertThatIllegalStateException().isThrownBy(() -> SeqReplies.toSeqs(List.of(1L, "x"), 2));
		assertThatIllegalStateException().isThrownBy(() -> SeqReplies.toSeqs(List.of(0L), 1));
		assertThatIllegalStateException().isThrownBy(() -> SeqReplies.toSeqs(Arrays.asList(1L, null), 2));
	}

}
