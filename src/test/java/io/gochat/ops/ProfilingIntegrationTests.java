package io.gochat.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.gochat.support.StandaloneIntegrationTest;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.web.server.LocalManagementPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JFR recording started, stopped and downloaded through the management port is a
 * readable recording of this node.
 */
@StandaloneIntegrationTest
class ProfilingIntegrationTests {

	@LocalManagementPort
	int managementPort;

	final HttpClient http = HttpClient.newHttpClient();

	@TempDir
	Path downloads;

	@Test
	void startStopAndDownloadARecording() throws Exception {
		HttpResponse<String> started = send("POST", "/actuator/profiling", "{\"duration\":\"30s\"}");
		assertThat(started.statusCode()).isEqualTo(200);
		assertThat(started.body()).contains("\"state\":\"running\"");
		assertThat(send("POST", "/actuator/profiling", "{}").statusCode()).as("a second start").isEqualTo(400);
		assertThat(send("GET", "/actuator/profiling/recording.jfr", null).statusCode()).as("while running")
			.isEqualTo(404);

		HttpResponse<String> stopped = send("DELETE", "/actuator/profiling", null);
		assertThat(stopped.body()).contains("\"state\":\"finished\"").contains("/actuator/profiling/recording.jfr");

		Path file = this.downloads.resolve("node.jfr");
		HttpResponse<Path> download = this.http.send(request("GET", "/actuator/profiling/recording.jfr", null),
				HttpResponse.BodyHandlers.ofFile(file));
		assertThat(download.statusCode()).isEqualTo(200);
		List<RecordedEvent> events = RecordingFile.readAllEvents(file);
		assertThat(events).extracting((event) -> event.getEventType().getName())
			.contains("jdk.JVMInformation", "jdk.ThreadStart");
		assertThat(Files.size(file)).isPositive();
	}

	@Test
	void refusesADurationOutOfBounds() throws Exception {
		HttpResponse<String> refused = send("POST", "/actuator/profiling", "{\"duration\":\"2h\"}");
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("duration");
	}

	HttpResponse<String> send(String method, String path, String json) throws Exception {
		return this.http.send(request(method, path, json), HttpResponse.BodyHandlers.ofString());
	}

	HttpRequest request(String method, String path, String json) {
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.managementPort + path))
			.timeout(Duration.ofSeconds(30));
		if (json != null) {
			builder.header("Content-Type", "application/json")
				.method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		else {
			builder.method(method, HttpRequest.BodyPublishers.noBody());
		}
		return builder.build();
	}

}
