package io.gochat.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Java Flight Recorder on demand, like upstream's pprof, on the management port:
 * <ul>
 * <li>{@code POST /actuator/profiling} (JSON {@code {"duration": "60s", "settings":
 * "profile"}}, both optional) starts a recording; it stops by itself after
 * {@code duration} (default {@value #DEFAULT_SECONDS} s, at most {@value #MAX_SECONDS}
 * s); {@code settings} is {@code default} (about 1% overhead) or {@code profile} (more
 * detail, about 2%);</li>
 * <li>{@code DELETE /actuator/profiling} stops it early;</li>
 * <li>{@code GET /actuator/profiling} tells its state ({@code none}, {@code running},
 * {@code finished}) and, once finished, where to download it;</li>
 * <li>{@code GET /actuator/profiling/recording.jfr} downloads the last finished one (read
 * it with {@code jfr print} or JDK Mission Control).</li>
 * </ul>
 * One recording at a time; each start replaces the previous file.
 */
@Component
@Endpoint(id = "profiling")
public class ProfilingEndpoint implements DisposableBean {

	static final long DEFAULT_SECONDS = 60;

	static final long MAX_SECONDS = 600;

	static final String FILE_NAME = "recording.jfr";

	private static final Logger log = LoggerFactory.getLogger(ProfilingEndpoint.class);

	private final Path directory;

	private @Nullable Recording recording;

	private @Nullable Instant started;

	private String settings = "";

	ProfilingEndpoint() {
		this(Path.of(System.getProperty("java.io.tmpdir"), "gochat-jfr-" + ProcessHandle.current().pid()));
	}

	ProfilingEndpoint(Path directory) {
		this.directory = directory;
	}

	@ReadOperation
	public synchronized Map<String, Object> state() {
		Map<String, Object> state = new LinkedHashMap<>();
		Recording current = this.recording;
		state.put("state", (current != null)
				? ((current.getState() == RecordingState.RUNNING || current.getState() == RecordingState.DELAYED)
						? "running" : "finished")
				: "none");
		if (current != null) {
			state.put("settings", this.settings);
			state.put("started", String.valueOf(this.started));
			state.put("duration", String.valueOf(current.getDuration()));
		}
		Path file = file();
		if (Files.isRegularFile(file) && (current == null || current.getState() == RecordingState.STOPPED
				|| current.getState() == RecordingState.CLOSED)) {
			state.put("download", "/actuator/profiling/" + FILE_NAME);
			state.put("bytes", size(file));
		}
		return state;
	}

	@WriteOperation
	public synchronized WebEndpointResponse<Map<String, Object>> start(@Nullable String duration,
			@Nullable String settings) {
		if (this.recording != null && this.recording.getState() == RecordingState.RUNNING) {
			return new WebEndpointResponse<>(Map.of("error", "a recording is running: stop it first (DELETE)"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		Duration length;
		try {
			length = (duration == null || duration.isBlank()) ? Duration.ofSeconds(DEFAULT_SECONDS)
					: parseDuration(duration);
		}
		catch (IllegalArgumentException ex) {
			return new WebEndpointResponse<>(Map.of("error", ex.getMessage()), WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		if (length.isNegative() || length.isZero() || length.toSeconds() > MAX_SECONDS) {
			return new WebEndpointResponse<>(
					Map.of("error", "duration: " + duration + " (expected: 1s to " + MAX_SECONDS + "s)"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		String name = (settings == null || settings.isBlank()) ? "profile" : settings;
		if (!name.equals("default") && !name.equals("profile")) {
			return new WebEndpointResponse<>(
					Map.of("error", "settings: " + settings + " (expected: default or profile)"),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		try {
			Files.createDirectories(this.directory);
			Files.deleteIfExists(file());
			if (this.recording != null) {
				this.recording.close();
			}
			Recording fresh = new Recording(Configuration.getConfiguration(name));
			fresh.setName(name);
			fresh.setDuration(length);
			fresh.setToDisk(true);
			fresh.setDestination(file());
			fresh.start();
			this.recording = fresh;
			this.started = Instant.now();
			this.settings = name;
		}
		catch (IOException | ParseException ex) {
			throw new UncheckedIOException(new IOException("cannot start a recording: " + ex.getMessage(), ex));
		}
		log.info("Profiling: JFR recording started ({} settings, {})", name, length);
		return new WebEndpointResponse<>(state(), WebEndpointResponse.STATUS_OK);
	}

	@DeleteOperation
	public synchronized Map<String, Object> stop() {
		if (this.recording != null && this.recording.getState() == RecordingState.RUNNING) {
			// writes the destination file
			this.recording.stop();
			log.info("Profiling: JFR recording stopped, {} bytes", size(file()));
		}
		return state();
	}

	@ReadOperation
	public synchronized WebEndpointResponse<Resource> download(@Selector String name) {
		Path file = file();
		boolean finished = this.recording == null || this.recording.getState() != RecordingState.RUNNING;
		if (!FILE_NAME.equals(name) || !finished || !Files.isRegularFile(file)) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		return new WebEndpointResponse<>(new FileSystemResource(file), WebEndpointResponse.STATUS_OK);
	}

	@Override
	public synchronized void destroy() {
		if (this.recording != null) {
			this.recording.close();
		}
	}

	private Path file() {
		return this.directory.resolve(FILE_NAME);
	}

	private static long size(Path file) {
		try {
			return Files.size(file);
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/** {@code 60s}, {@code 2m}, {@code 90} (seconds) or ISO-8601 {@code PT1M}. */
	static Duration parseDuration(String text) {
		String value = text.strip().toLowerCase(java.util.Locale.ROOT);
		try {
			if (value.matches("\\d+")) {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			if (value.matches("\\d+s")) {
				return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			if (value.matches("\\d+m")) {
				return Duration.ofMinutes(Long.parseLong(value.substring(0, value.length() - 1)));
			}
			return Duration.parse(text.strip());
		}
		catch (DateTimeParseException | NumberFormatException ex) {
			throw new IllegalArgumentException("duration: " + text + " (expected e.g. 60s, 2m or PT1M)");
		}
	}

}
