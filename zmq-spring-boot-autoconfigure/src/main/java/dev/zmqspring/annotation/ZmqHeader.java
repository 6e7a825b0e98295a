package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds one header of the received message to a {@code @ZmqListener} parameter of type
 * {@code String} ({@code null} when absent). See {@link dev.zmqspring.support.ZmqHeaders}
 * for the names the starter sets.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqHeader {

	/** The header name. */
	String value();

}
