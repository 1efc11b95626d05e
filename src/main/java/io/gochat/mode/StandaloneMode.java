package io.gochat.mode;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

/**
 * Marks an adapter used only with {@code app.mode=standalone}, the default: embedded H2,
 * seqs, routes and the persistence queue in memory, no other node.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ConditionalOnProperty(name = AppMode.PROPERTY, havingValue = "standalone", matchIfMissing = true)
public @interface StandaloneMode {

}
