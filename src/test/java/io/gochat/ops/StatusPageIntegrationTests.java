package io.gochat.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.gochat.gateway.GatewayStatus;
import io.gochat.node.NodeProperties;
import io.gochat.protocol.SessionType;
import io.gochat.support.ChatClient;
import io.gochat.support.GoChatApi;
import io.gochat.support.GoChatApi.User;
import io.gochat.support.HeadlessChromium;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The status page in headless Chromium, served by the node's management port, while users
 * chat: it shows them online, a message rate, push latency percentiles and this node
 * among the live nodes, and its charts draw and keep refreshing. Leaves a screenshot in
 * {@code target/status-page.png} (the one in {@code docs/images} is such a screenshot).
 */
@StandaloneIntegrationTest
class StatusPageIntegrationTests {

	static final int USERS = 6;

	@LocalServerPort
	int httpPort;

	@Autowired
	NodeProperties node;

	@LocalManagementPort
	int managementPort;

	@Autowired
	GatewayStatus gateway;

	final List<ChatClient> clients = new ArrayList<>();

	final AtomicBoolean chatting = new AtomicBoolean(true);

	WebDriver browser;

	@AfterEach
	void tearDown() {
		this.chatting.set(false);
		if (this.browser != null) {
			this.browser.quit();
		}
		this.clients.forEach(ChatClient::close);
	}

	@Test
	void showsTheNodeLiveWhileUsersChat() throws Exception {
		GoChatApi api = new GoChatApi(this.httpPort);
		List<User> users = new ArrayList<>();
		for (int i = 0; i < USERS; i++) {
			users.add(api.register());
		}
		long group = api.createGroup(users.get(0), users.subList(1, USERS));
		for (User user : users) {
			this.clients.add(ChatClient.loggedIn(this.gateway.port(), user));
		}
		Thread chat = Thread.ofPlatform().daemon().start(() -> {
			int round = 0;
			while (this.chatting.get() && round < 400) {
				ChatClient sender = this.clients.get(round % USERS);
				sender.awaitAck(sender.sendTo(SessionType.ST_Group, group, "status " + round));
				round++;
			}
		});

		this.browser = HeadlessChromium.start();
		this.browser.get("http://127.0.0.1:" + this.managementPort + "/actuator/status");
		assertThat(this.browser.getTitle()).isEqualTo("GoChat node status");
		await().atMost(Duration.ofSeconds(40))
			.pollInterval(Duration.ofMillis(500))
			.ignoreException(StaleElementReferenceException.class)
			.untilAsserted(() -> {
				assertThat(number("online")).isGreaterThanOrEqualTo(USERS);
				assertThat(number("mps")).isPositive();
				assertThat(number("pps")).isPositive();
				assertThat(text("p50")).endsWith(" ms");
				assertThat(text("p99")).endsWith(" ms");
				assertThat(text("nodes")).isEqualTo("1");
				assertThat(text("peers")).contains(this.node.rpcAddress() + " (this node)");
				// at least two samples drawn in each chart
				for (String chart : List.of("chart-online", "chart-rate", "chart-latency", "chart-backlog")) {
					// read in one script: the charts are redrawn every two seconds
					String points = (String) ((JavascriptExecutor) this.browser).executeScript(
							"return document.querySelector(arguments[0]).getAttribute('points')",
							"#" + chart + " polyline.series");
					assertThat(points.split(" ")).as(chart).hasSizeGreaterThanOrEqualTo(2);
				}
			});
		assertThat(text("error")).isEmpty();
		String updated = text("updated");
		await().atMost(Duration.ofSeconds(10)).until(() -> !text("updated").equals(updated));

		Path shot = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE).toPath();
		Files.copy(shot, Path.of("target", "status-page.png"), StandardCopyOption.REPLACE_EXISTING);
		this.chatting.set(false);
		chat.join(Duration.ofSeconds(30).toMillis());
	}

	String text(String id) {
		return this.browser.findElement(By.id(id)).getText().strip();
	}

	double number(String id) {
		String value = text(id).replace(",", "");
		return value.matches("-?[0-9.]+") ? Double.parseDouble(value) : -1;
	}

}
