package io.gochat.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits units of work (messages, each with its copies) into consecutive chunks of at
 * most a given number of rows, never splitting a unit: one larger than the limit is a
 * chunk of its own.
 */
final class RowChunks {

	private RowChunks() {
	}

	static <T> List<List<T>> split(List<T> units, ToIntFunction<T> rowsOf, int maxRows) {
		if (maxRows <= 0) {
			throw new IllegalArgumentException("maxRows: " + maxRows + " (expected: > 0)");
		}
		List<List<T>> chunks = new ArrayList<>();
		List<T> current = new ArrayList<>();
		int rows = 0;
		for (T unit : units) {
			int unitRows = rowsOf.applyAsInt(unit);
			if (!current.isEmpty() && rows + unitRows > maxRows) {
				chunks.add(current);
				current = new ArrayList<>();
				rows = 0;
			}
			current.add(unit);
			rows += unitRows;
		}
		if (!current.isEmpty()) {
			chunks.add(current);
		}
		return chunks;
	}

}
