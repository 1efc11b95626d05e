package io.gochat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test against a whole node on ports chosen at run time, backed by the real MariaDB,
 * Redis and RabbitMQ of this machine; fails at once, naming the command, when one of them
 * is not running.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(RequiredServices.class)
@ContextConfiguration(initializers = FreeRpcPort.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.mode=cluster", "jwt.sign-key=" + IntegrationTest.SIGN_KEY, "app.websocket-server-port=0",
				"app.password-strength=4", "log.target=console", "log.level=info",
				// the chat tests send bursts of 300 messages, over the
				// default 256 commands queued per connection on a slow node;
				// HostileClientsIntegrationTests tests the limits
				"app.limits.messages-per-second=1000", "app.limits.commands-per-connection=1000" })
public @interface IntegrationTest {

	/** The token key of the node under test. */
	String SIGN_KEY = "integration-test-key-0123456789abcdef";

}
