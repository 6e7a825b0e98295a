package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface whose methods send on a named endpoint. The starter finds such
 * interfaces in the application's packages (those of the {@code @SpringBootApplication}
 * class, as Spring Data finds repositories) and registers an implementation as a bean.
 *
 * <pre class="code">
 * &#64;ZmqPublisher(endpoint = "events")        // zmq.endpoints.events: type PUB
 * public interface UserEvents {
 *     &#64;ZmqTopic("user.registered")
 *     void registered(UserRegistered event);
 * }
 *
 * &#64;ZmqPublisher(endpoint = "stock")         // zmq.endpoints.stock: type REQ
 * public interface StockClient {
 *     StockLevel query(StockQuery query);                      // waits for the reply, at most the timeout
 *     CompletableFuture&lt;StockLevel&gt; queryAsync(StockQuery query);
 * }
 * </pre>
 *
 * Each method takes one payload argument and, on PUB endpoints, optionally a
 * {@code @ZmqTopic String} argument. On PUB, PUSH and PAIR endpoints methods return
 * {@code void}; on REQ and DEALER endpoints they return the reply type (converted like a
 * listener's payload) or a {@code CompletableFuture} of it, and a reply that does not
 * come in time ends in a {@link dev.zmqspring.core.ZmqRequestTimeoutException}, never a
 * hang. A send that cannot be queued within the endpoint's send timeout throws
 * {@link dev.zmqspring.core.ZmqSendException}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqPublisher {

	/**
	 * Name of the endpoint under {@code zmq.endpoints} (placeholders and expressions
	 * allowed).
	 */
	String endpoint();

	/**
	 * Reply timeout of request methods, such as {@code "2s"}; default: the endpoint's
	 * {@code request-timeout}.
	 */
	String timeout() default "";

}
