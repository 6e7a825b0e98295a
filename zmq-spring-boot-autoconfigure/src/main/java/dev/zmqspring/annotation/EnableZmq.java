package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Turns the starter on for an application that does not use Spring Boot's
 * auto-configuration, or for a test slice ({@code @WebMvcTest}, {@code @DataJdbcTest}...)
 * that leaves it out: the same infrastructure the auto-configuration registers, read from
 * the same {@code zmq.*} properties (sockets, {@link ZmqListener} and
 * {@link ZmqPublisher} processing, health, metrics and security where their libraries are
 * present). Where auto-configuration runs too, each part is registered once.
 *
 * <pre class="code">
 * &#64;Configuration
 * &#64;EnableZmq
 * class MessagingConfiguration {
 * }
 * </pre>
 *
 * {@code @ZmqPublisher} interfaces are found in the package of the class it annotates,
 * and in those of any {@code @AutoConfigurationPackage} (a
 * {@code @SpringBootApplication}'s). Health, metrics and the Actuator endpoint also need
 * Actuator's own auto-configuration (a {@code MeterRegistry}, the health registry), and
 * the JSON converter uses Boot's {@code JsonMapper} only where Boot configured one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AutoConfigurationPackage
@ImportAutoConfiguration
public @interface EnableZmq {

}
