package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a bean method that receives ZeroMQ messages (or a class whose {@link ZmqHandler}
 * methods do). The endpoint is a name under {@code zmq.endpoints} or inline addresses;
 * every string attribute accepts {@code ${...}} placeholders and {@code #{...}}
 * expressions, as {@code @Value} does.
 *
 * <pre class="code">
 * &#64;ZmqListener(endpoint = "orders")               // zmq.endpoints.orders: type PULL, bind tcp://127.0.0.1:5557
 * void onOrder(OrderPlaced order) { ... }
 *
 * &#64;ZmqListener(type = "REP", bind = "tcp://127.0.0.1:5556")
 * StockLevel stock(StockQuery query) { return ...; }   // the return value is the reply
 *
 * &#64;ZmqListener(endpoint = "events", topics = "user.")
 * void onEvent(&#64;ZmqTopic String topic, UserRegistered event) { ... }
 * </pre>
 *
 * <h2>Parameters</h2> One parameter without annotation is the payload, converted to its
 * declared type ({@code byte[]} as is, {@code String} as UTF-8, anything else from JSON).
 * Others may be {@code @ZmqTopic String}, {@code @ZmqHeader("name") String},
 * {@link dev.zmqspring.support.ZmqHeaders} or the raw
 * {@link dev.zmqspring.support.ZmqMessage}.
 *
 * <h2>Socket types</h2> SUB, PULL, PAIR (one-way) and REP, ROUTER (the return value is
 * the reply; {@code null} or {@code void} replies with an empty frame; a failure replies
 * {@code {"zmq_error":{...}}} so the client never hangs).
 *
 * <h2>Concurrency and order</h2> With {@code concurrency = "1"} (the default) one thread
 * receives and processes, strictly in arrival order. With N &gt; 1 the socket's owner
 * thread hands messages to N worker threads and no order is kept. Either way no socket is
 * used by two threads.
 *
 * <h2>Failures</h2> A message that cannot be decoded or converted, or a method that
 * throws, goes to the error handler (by default it is logged and counted); the next
 * message is processed as usual.
 *
 * <h2>Several endpoints</h2> The annotation is repeatable: a method annotated more than
 * once listens on each endpoint, with a container of its own. Without an {@link #id()},
 * the containers are {@code beanName.methodName} (as for one annotation: adding a second
 * renames nothing), {@code beanName.methodName-2}, and so on.
 *
 * <h2>On a class</h2> Annotating a class gives it one socket whose messages go to its
 * {@link ZmqHandler} methods, chosen by topic or by payload type (see there). Its
 * container is {@code beanName} unless {@link #id()} says otherwise.
 */
@Target({ ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ZmqListenerReflectiveProcessor.class)
@Repeatable(ZmqListeners.class)
public @interface ZmqListener {

	/**
	 * Container id, for the registry and Actuator. Defaults to
	 * {@code beanName.methodName} ({@code beanName.methodName-2} for the second of a
	 * method's repeated annotations).
	 */
	String id() default "";

	/**
	 * Name of the endpoint under {@code zmq.endpoints}. Leave empty to give
	 * {@link #type()} and addresses here.
	 */
	String endpoint() default "";

	/**
	 * Socket type for an inline endpoint: SUB, PULL, REP, PAIR or ROUTER. With a named
	 * endpoint, must match it.
	 */
	String type() default "";

	/** Addresses to bind, for an inline endpoint. */
	String[] bind() default {};

	/** Addresses to connect to, for an inline endpoint. */
	String[] connect() default {};

	/**
	 * Topic prefixes a SUB listener subscribes to; overrides the endpoint's topics.
	 * Empty: every message.
	 */
	String[] topics() default {};

	/**
	 * Number of threads that process messages; default {@code zmq.listener.concurrency}.
	 */
	String concurrency() default "";

	/**
	 * Whether the listener starts with the application; default
	 * {@code zmq.listener.auto-startup}.
	 */
	String autoStartup() default "";

	/**
	 * Bean name of a {@code ZmqListenerErrorHandler} for this listener; default: the
	 * application's handler.
	 */
	String errorHandler() default "";

	/**
	 * Bean name of the {@code ZmqListenerContainerFactory} that creates this listener's
	 * container (with its converter and error handler); default: the application's
	 * factory. {@code ZmqListenerContainerFactoryConfigurer} creates more, configured as
	 * the starter configures its own.
	 */
	String containerFactory() default "";

	/**
	 * Whether to process each message once however often it is redelivered
	 * ({@code "true"}/{@code "false"}). Needs an endpoint with
	 * {@code delivery: at-least-once}: the message id is recorded in the
	 * processed-message store in the same transaction as the method's own database work,
	 * and a message whose id is already there is acknowledged without calling the method.
	 * The method's database work must use the application's transaction manager (for
	 * example {@code JdbcTemplate} or JPA on the same {@code DataSource}) for this to be
	 * exactly-once.
	 */
	String idempotent() default "";

	/**
	 * The subscription group this listener is a member of, on a durable topic (a SUB
	 * endpoint with {@code delivery: at-least-once}); default:
	 * {@code zmq.endpoints.<name>.group}. Every group gets every message of its topics at
	 * least once; the members of one group (instances of the application, and its
	 * {@link #concurrency() concurrency}) share them. Supports {@code ${...}}
	 * placeholders and {@code #{...}} expressions.
	 */
	String group() default "";

}
