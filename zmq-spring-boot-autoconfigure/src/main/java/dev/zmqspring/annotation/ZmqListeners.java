package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Holds the {@link ZmqListener} annotations of a method that listens on several
 * endpoints. Java writes it for a method annotated with {@code @ZmqListener} more than
 * once; it need not be written by hand.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ZmqListenerReflectiveProcessor.class)
public @interface ZmqListeners {

	/** The listeners, each with a container of its own. */
	ZmqListener[] value();

}
