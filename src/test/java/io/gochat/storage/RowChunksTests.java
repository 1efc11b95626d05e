package io.gochat.storage;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RowChunksTests {

	@Test
	void fillsChunksUpToTheRowLimitInOrder() {
		assertThat(RowChunks.split(List.of(2, 2, 1, 3, 1), Integer::intValue, 4)).containsExactly(List.of(2, 2),
				List.of(1, 3), List.of(1));
	}

	@Test
	void aUnitOverTheLimitIsAChunkOfItsOwn() {
		assertThat(RowChunks.split(List.of(1, 500, 1), Integer::intValue, 100)).containsExactly(List.of(1),
				List.of(500), List.of(1));
	}

	@Test
	void nothingInNothingOut() {
		assertThat(RowChunks.split(List.<Integer>of(), Integer::intValue, 10)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> RowChunks.split(List.of(1), Integer::intValue, 0));
	}

}
