package io.gochat.loadtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The machine-readable form of a {@link RunSummary}. */
final class SummaryJson {

	private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private SummaryJson() {
	}

	static String toJson(RunSummary summary) {
		try {
			return MAPPER.writeValueAsString(summary);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("cannot write the summary as JSON", ex);
		}
	}

	static void write(RunSummary summary, Path file) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			Files.writeString(file, toJson(summary) + "\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

}
