package dev.zmqspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Sends the return value of a one-way {@code @ZmqListener} (SUB, PULL, PAIR) on to
 * another endpoint, as {@code ZmqTemplate.convertAndSend(endpoint, value)} would: the
 * worker of a pipeline that pulls tasks and pushes results.
 *
 * <pre class="code">
 * &#64;ZmqListener(endpoint = "tasks")
 * &#64;ZmqSendTo("results")
 * Result work(Task task) {
 *     return new Result(task.id(), task.run());
 * }
 * </pre>
 *
 * A {@code null} return sends nothing. A value that cannot be sent (the endpoint's queue
 * stays full for its send timeout) fails the message, which goes to the error handler. A
 * one-way listener that returns a value without this annotation fails at startup: the
 * value would be lost. REP and ROUTER listeners answer their requester with the return
 * value instead, and do not take this annotation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ZmqSendTo {

	/**
	 * The endpoint under {@code zmq.endpoints} that the return value is sent on: one that
	 * sends one way (PUSH, PUB, PAIR). Placeholders and expressions allowed.
	 */
	String value();

}
