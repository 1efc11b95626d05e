package io.gochat.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;

/**
 * A test against a whole standalone node on random ports. Every external service is
 * pointed at a closed port, so the test fails if standalone mode touched any of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "app.mode=standalone", "app.data-dir=target/standalone-it", "app.websocket-server-port=0",
				"app.password-strength=4",
				// the chat tests send bursts of 300 messages, over the
				// default 256 commands queued per connection on a slow node;
				// HostileClientsIntegrationTests tests the limits
				"app.limits.messages-per-second=1000", "app.limits.commands-per-connection=1000", "log.target=console",
				"log.level=info", UnreachableServices.REDIS, UnreachableServices.RABBITMQ, UnreachableServices.ETCD,
				UnreachableServices.MYSQL })
public @interface StandaloneIntegrationTest {

}
