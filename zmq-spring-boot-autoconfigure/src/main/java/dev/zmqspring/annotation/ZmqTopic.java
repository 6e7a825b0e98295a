package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The topic of a PUB/SUB message.
 * <ul>
 * <li>On a {@code @ZmqListener} parameter: receives the message's topic.</li>
 * <li>On a {@code @ZmqPublisher} method: the topic every call publishes under
 * ({@link #value()}, placeholders and expressions allowed).</li>
 * <li>On a {@code @ZmqPublisher} method parameter: the argument is the topic of that
 * call.</li>
 * </ul>
 */
@Target({ ElementType.PARAMETER, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqTopic {

	/** The topic, when used on a publisher method. */
	String value() default "";

}
