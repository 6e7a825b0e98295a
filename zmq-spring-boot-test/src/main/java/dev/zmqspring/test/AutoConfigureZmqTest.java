package dev.zmqspring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.PropertyMapping;

/**
 * Prepares a {@code @SpringBootTest} for ZeroMQ, as {@code @AutoConfigureMockMvc} does
 * for MVC:
 * <ul>
 * <li>every {@code tcp://} and {@code ipc://} address of {@code zmq.endpoints.*} and
 * {@code zmq.proxies.*} becomes an {@code inproc://} address (see {@link #inproc()}), so
 * that tests need no free port and can run in parallel JVMs (surefire forks; not threads
 * of one JVM, where Spring Boot's logging system is shared);</li>
 * <li>a {@link ZmqTestClient} bean plays the other side of any endpoint;</li>
 * <li>a {@link ZmqListenerTestHarness} bean records every call of the application's
 * {@code @ZmqListener} and {@code @ZmqHandler} methods.</li>
 * </ul>
 * With an {@code ApplicationContextRunner}, add {@link ZmqTestAutoConfiguration} to its
 * auto-configurations instead.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
@PropertyMapping("zmq.test")
public @interface AutoConfigureZmqTest {

	/**
	 * Whether the endpoints' {@code tcp://} and {@code ipc://} addresses become
	 * {@code inproc://} addresses: a bound {@code tcp://*:5557} becomes
	 * {@code inproc://zmq-test-tcp-5557}, and so does a connected address of that port on
	 * any host ({@code tcp://localhost:5557}) when the application binds port 5557
	 * itself, so that its two ends still meet; a connected address of a port the
	 * application does not bind keeps its host ({@code tcp://inventory:5557} becomes
	 * {@code inproc://zmq-test-tcp-inventory-5557}), so that two other services on one
	 * port stay apart. A {@link ZmqTestClient} peer meets any of them. Turn it off when
	 * the test talks to a process of its own (a Python peer, another JVM), which cannot
	 * reach {@code inproc}.
	 * @return whether to rewrite the addresses (property {@code zmq.test.inproc})
	 */
	boolean inproc() default true;

	/**
	 * Whether a {@link ZmqListenerTestHarness} records the listeners' calls. It wraps
	 * each listener bean in a proxy, so a test reads a listener bean's state through its
	 * methods, not its fields, as with any proxied bean.
	 * @return whether to record the calls (property {@code zmq.test.harness})
	 */
	boolean harness() default true;

}
