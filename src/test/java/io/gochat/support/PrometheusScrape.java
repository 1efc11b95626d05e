package io.gochat.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a node's {@code /actuator/prometheus}, read the way a Prometheus query
 * would: the sum of a metric's samples whose labels include the given ones.
 */
public final class PrometheusScrape {

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)\\})? (\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private final String text;

	private PrometheusScrape(String text) {
		this.text = text;
	}

	public static PrometheusScrape of(String host, int managementPort) {
		try {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://" + host + ":" + managementPort + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("/actuator/prometheus answered " + response.statusCode());
			}
			return new PrometheusScrape(response.body());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String text() {
		return this.text;
	}

	/** The sum of the samples of {@code name} carrying every label of {@code labels}. */
	public double sum(String name, Map<String, String> labels) {
		double sum = 0;
		boolean found = false;
		for (String line : this.text.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.find() || !sample.group(1).equals(name)) {
				continue;
			}
			if (matches(sample.group(3), labels)) {
				sum += Double.parseDouble(sample.group(4));
				found = true;
			}
		}
		if (!found) {
			throw new IllegalStateException("no sample of " + name + labels + " in the scrape");
		}
		return sum;
	}

	public double sum(String name) {
		return sum(name, Map.of());
	}

	/** The value of a label of the first sample of {@code name}. */
	public String label(String name, String label) {
		for (String line : this.text.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (!line.startsWith("#") && sample.find() && sample.group(1).equals(name) && sample.group(3) != null) {
				Matcher l = LABEL.matcher(sample.group(3));
				while (l.find()) {
					if (l.group(1).equals(label)) {
						return l.group(2);
					}
				}
			}
		}
		return null;
	}

	private static boolean matches(String labelText, Map<String, String> wanted) {
		if (wanted.isEmpty()) {
			return true;
		}
		if (labelText == null) {
			return false;
		}
		int hits = 0;
		Matcher l = LABEL.matcher(labelText);
		while (l.find()) {
			if (l.group(2).equals(wanted.get(l.group(1)))) {
				hits++;
			}
		}
		return hits == wanted.size();
	}

}
