package io.gochat.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's headless Chromium ({@code /usr/bin/chromium}) through its
 * {@code /usr/bin/chromedriver}, each browser with a fresh profile, so that two browsers
 * are two independent users. Nothing is downloaded: the scripts install the packages
 * {@code chromium} and {@code chromium-driver} when missing.
 */
public final class HeadlessChromium {

	static final String BROWSER = "/usr/bin/chromium";

	static final String DRIVER = "/usr/bin/chromedriver";

	private HeadlessChromium() {
	}

	public static WebDriver start() {
		for (String file : new String[] { BROWSER, DRIVER }) {
			if (!new File(file).canExecute()) {
				throw new IllegalStateException(
						file + " is missing: apt-get install chromium chromium-driver (scripts/test.sh does)");
			}
		}
		Path profile;
		try {
			profile = Files.createTempDirectory("gochat-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
				"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
				"--window-size=1200,800", "--user-data-dir=" + profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.withTimeout(Duration.ofSeconds(30))
			.build();
		return new ChromeDriver(service, options);
	}

}
