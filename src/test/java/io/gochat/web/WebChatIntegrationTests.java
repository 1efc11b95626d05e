package io.gochat.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gochat.support.GoChatApi;
import io.gochat.support.HeadlessChromium;
import io.gochat.support.StandaloneIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web chat page served by the node, driven in headless Chromium, each user in a
 * browser of their own. Screenshots of every scenario go to {@code target/screenshots/}.
 */
@StandaloneIntegrationTest
class WebChatIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	@LocalServerPort
	int httpPort;

	private GoChatApi api;

	private final List<WebDriver> browsers = new ArrayList<>();

	@BeforeEach
	void setUp() {
		this.api = new GoChatApi(this.httpPort);
	}

	@AfterEach
	void tearDown() {
		this.browsers.forEach(WebDriver::quit);
	}

	@Test
	void twoUsersChatBothWays() {
		GoChatApi.User alice = this.api.register();
		GoChatApi.User bob = this.api.register();
		ChatPage a = loggedIn(alice);
		ChatPage b = loggedIn(bob);

		a.startChatWith(bob.id());
		a.send("hi bob");
		a.awaitMessage("hi bob", "✓");
		b.awaitUnread("u" + alice.id(), 1);
		b.open("u" + alice.id());
		b.awaitMessage("hi bob", "");
		b.send("hi alice");
		a.awaitMessage("hi alice", "");

		assertThat(a.texts()).containsExactly("hi bob", "hi alice");
		assertThat(b.texts()).containsExactly("hi bob", "hi alice");
		assertThat(b.unread("u" + alice.id())).isZero();
		a.screenshot("two-users-alice");
		b.screenshot("two-users-bob");
	}

	@Test
	void groupOfThree() {
		GoChatApi.User alice = this.api.register();
		GoChatApi.User bob = this.api.register();
		GoChatApi.User carol = this.api.register();
		ChatPage a = loggedIn(alice);
		ChatPage b = loggedIn(bob);
		ChatPage c = loggedIn(carol);

		String group = a.createGroup("team", bob.id() + ", " + carol.id());
		a.awaitMembers(alice.id(), bob.id(), carol.id());
		a.send("hello team");
		b.awaitUnread(group, 1);
		c.awaitUnread(group, 1);
		c.open(group);
		c.awaitMessage("hello team", "");
		c.send("hi from carol");
		a.awaitMessage("hi from carol", "");
		b.open(group);
		b.awaitMessage("hi from carol", "");

		assertThat(b.texts()).containsExactly("hello team", "hi from carol");
		b.screenshot("group-of-three");
	}

	@Test
	void userWhoWasOfflineReceivesEverythingOnReturn() {
		GoChatApi.User alice = this.api.register();
		GoChatApi.User bob = this.api.register();
		ChatPage a = loggedIn(alice);
		ChatPage b = loggedIn(bob);
		b.logout();
		String group = a.createGroup("while away", String.valueOf(bob.id()));

		a.startChatWith(bob.id());
		for (int i = 1; i <= 3; i++) {
			a.send("missed " + i);
			a.awaitMessage("missed " + i, "✓");
		}
		a.open(group);
		a.send("group news");
		a.awaitMessage("group news", "✓");
		b.login(bob);

		b.awaitUnread("u" + alice.id(), 3);
		b.awaitUnread(group, 1);
		b.open("u" + alice.id());
		assertThat(b.texts()).containsExactly("missed 1", "missed 2", "missed 3");
		b.screenshot("offline-user-returns");
	}

	@Test
	void reconnectsAfterTheConnectionDrops() {
		GoChatApi.User alice = this.api.register();
		GoChatApi.User bob = this.api.register();
		ChatPage a = loggedIn(alice);
		ChatPage b = loggedIn(bob);
		a.startChatWith(bob.id());

		a.dropConnection();
		a.send("sent while reconnecting");
		b.awaitUnread("u" + alice.id(), 1);
		a.awaitStatus("online");
		a.awaitMessage("sent while reconnecting", "✓");
		b.open("u" + alice.id());
		b.send("got it");
		a.awaitMessage("got it", "");
		a.screenshot("reconnected");
	}

	@Test
	void wrongPasswordShowsTheServersError() {
		GoChatApi.User alice = this.api.register();
		ChatPage a = new ChatPage(browser(), this.httpPort);

		a.submitLogin(alice.phoneNumber(), "not the password");

		a.awaitAuthError("Login failed: wrong phone number or password");
		assertThat(a.driver.findElement(By.id("chat")).isDisplayed()).isFalse();
		a.screenshot("wrong-password");
	}

	@Test
	void messageToAnUnknownUserShowsWhy() {
		ChatPage a = loggedIn(this.api.register());

		a.startChatWith(999_999_999L);
		a.send("anyone there?");

		a.awaitMessage("anyone there?", "not sent");
		a.awaitText(By.id("error"), "No such user or group (1005");
	}

	private ChatPage loggedIn(GoChatApi.User user) {
		ChatPage page = new ChatPage(browser(), this.httpPort);
		page.login(user);
		return page;
	}

	private WebDriver browser() {
		WebDriver driver = HeadlessChromium.start();
		this.browsers.add(driver);
		return driver;
	}

	/** What a user sees and does on the page. */
	static final class ChatPage {

		final WebDriver driver;

		private final WebDriverWait wait;

		ChatPage(WebDriver driver, int port) {
			this.driver = driver;
			this.wait = new WebDriverWait(driver, WAIT);
			driver.get("http://127.0.0.1:" + port + "/");
			this.wait.until((d) -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
		}

		void login(GoChatApi.User user) {
			submitLogin(user.phoneNumber(), "secret");
			awaitStatus("online");
			assertThat(this.driver.findElement(By.id("me")).getText()).contains("user " + user.id());
		}

		void submitLogin(String phone, String password) {
			type(By.id("phone"), phone);
			type(By.id("password"), password);
			this.driver.findElement(By.id("login")).click();
		}

		void logout() {
			this.driver.findElement(By.id("logout")).click();
			this.wait.until((d) -> d.findElement(By.id("auth")).isDisplayed());
		}

		void startChatWith(long userId) {
			type(By.id("new-chat-id"), String.valueOf(userId));
			this.driver.findElement(By.id("new-chat")).click();
			awaitText(By.id("conv-title"), "user " + userId);
		}

		/** Creates a group in the page; returns its conversation key. */
		String createGroup(String name, String memberIds) {
			type(By.id("group-name"), name);
			type(By.id("group-members"), memberIds);
			this.driver.findElement(By.id("create-group")).click();
			this.wait.until((d) -> d.findElement(By.id("conv-title")).getText().startsWith("group "));
			return "g" + this.driver.findElement(By.id("conv-title")).getText().substring("group ".length());
		}

		void awaitMembers(long... ids) {
			this.wait.until((d) -> {
				String members = d.findElement(By.id("members")).getText();
				for (long id : ids) {
					if (!members.contains("user " + id)) {
						return false;
					}
				}
				return true;
			});
		}

		void open(String key) {
			conversation(key).click();
			this.wait.until((d) -> conversation(key).getDomAttribute("class").contains("active"));
		}

		void send(String text) {
			type(By.id("text"), text);
			this.driver.findElement(By.id("send")).click();
		}

		void awaitMessage(String text, String state) {
			this.wait.withMessage(() -> "message '" + text + "' with state '" + state + "' in " + texts())
				.until((d) -> d.findElements(By.cssSelector("#messages li"))
					.stream()
					.anyMatch((li) -> li.findElement(By.className("text")).getText().equals(text)
							&& li.findElement(By.className("state")).getText().equals(state)));
		}

		void awaitUnread(String key, int count) {
			this.wait.withMessage(() -> "unread " + count + " in " + key)
				.until((d) -> !d.findElements(By.cssSelector("#conversations li[data-key='" + key + "']")).isEmpty()
						&& unread(key) == count);
		}

		int unread(String key) {
			WebElement badge = conversation(key).findElement(By.className("unread"));
			String text = badge.getDomProperty("textContent");
			return (text == null || text.isBlank()) ? 0 : Integer.parseInt(text.trim());
		}

		void awaitStatus(String status) {
			awaitText(By.id("status"), status);
		}

		void awaitAuthError(String text) {
			awaitText(By.id("auth-error"), text);
		}

		void awaitText(By element, String text) {
			this.wait.withMessage(() -> element + " containing '" + text + "'")
				.until((d) -> d.findElement(element).getText().contains(text));
		}

		void dropConnection() {
			((JavascriptExecutor) this.driver).executeScript("window.gochat.dropConnection()");
			this.wait.until((d) -> !d.findElement(By.id("status")).getText().equals("online"));
		}

		List<String> texts() {
			return this.driver.findElements(By.cssSelector("#messages li .text"))
				.stream()
				.map(WebElement::getText)
				.toList();
		}

		void screenshot(String name) {
			try {
				Files.createDirectories(SCREENSHOTS);
				Path shot = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath();
				Files.copy(shot, SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new IllegalStateException("cannot save screenshot " + name, ex);
			}
		}

		private WebElement conversation(String key) {
			return this.driver.findElement(By.cssSelector("#conversations li[data-key='" + key + "']"));
		}

		private void type(By field, String text) {
			WebElement input = this.driver.findElement(field);
			input.clear();
			input.sendKeys(text);
		}

	}

}
