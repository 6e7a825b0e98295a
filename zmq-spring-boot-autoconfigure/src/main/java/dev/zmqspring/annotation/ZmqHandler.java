package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Marks a method of a class annotated with {@link ZmqListener}: the class has one socket,
 * and each message goes to one of its handler methods, chosen by topic or by payload
 * type.
 *
 * <pre class="code">
 * &#64;Component
 * &#64;ZmqListener(endpoint = "user-events")        // one SUB socket
 * class UserEventHandlers {
 *
 *     &#64;ZmqHandler(topics = "user.registered")
 *     void registered(UserRegistered event) { ... }
 *
 *     &#64;ZmqHandler(topics = "user.deleted")
 *     void deleted(UserDeleted event) { ... }
 *
 * }
 * </pre>
 *
 * <h2>How a message finds its method</h2>
 * <ol>
 * <li><b>By topic</b> (SUB endpoints): the handlers that declare the longest of the
 * {@link #topics()} prefixes the message's topic starts with. A message whose topic no
 * handler declares goes to the handlers without topics.</li>
 * <li><b>By payload type</b>, when that leaves several handlers: the sender names the
 * type in the {@link dev.zmqspring.support.ZmqHeaders#PAYLOAD_TYPE payload_type} header
 * (in the endpoint's headers frame) with a logical name, which
 * {@code zmq.type-mappings.<name>=<class>} maps to a class; the handler whose payload
 * parameter is that class is chosen. A class name from the wire is never used: a peer can
 * only choose among the names the application maps and the handlers it declares. When one
 * handler is left, it takes the message unless the name maps to a class of another
 * type.</li>
 * <li>Otherwise the {@link #isDefault() default} handler, if there is one. A message that
 * finds no handler is counted as a failure and goes to the error handler, and is answered
 * {@code BAD_REQUEST} on REP and ROUTER endpoints; on at-least-once ones it is
 * dead-lettered at once instead.</li>
 * </ol>
 * Ambiguities (two handlers of one topic with one payload type, handlers chosen by type
 * on an endpoint without a headers frame or with a type that has no mapped name) and
 * handlers that could never be called fail startup with a message that names the fix.
 * With neither the annotation nor the endpoint naming topics, a SUB listener whose
 * handlers all declare topics subscribes to those topics only.
 * <p>
 * Each handler binds its parameters, returns its reply or takes {@link ZmqSendTo} as a
 * {@code @ZmqListener} method does.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective(ZmqListenerReflectiveProcessor.class)
public @interface ZmqHandler {

	/**
	 * Topic prefixes this method handles (SUB endpoints only). Empty: messages of any
	 * topic that no other handler declares. Placeholders and expressions allowed.
	 */
	String[] topics() default {};

	/**
	 * Whether this method takes the messages no other handler matches (at most one per
	 * class; it declares no topics).
	 */
	boolean isDefault() default false;

}
