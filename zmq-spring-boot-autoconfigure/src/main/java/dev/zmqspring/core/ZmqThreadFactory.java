package dev.zmqspring.core;

/**
 * Creates every thread the starter runs on, named by the starter. The auto-configured one
 * is a {@link DefaultZmqThreadFactory}: platform threads, and virtual threads for the
 * work that holds no socket when {@code spring.threads.virtual.enabled=true} on Java 21
 * or later. Declare a bean of this type to replace it, for instance to set a thread
 * group, a priority, or a context class loader, or to wrap every task.
 * <p>
 * Threads are returned unstarted; the starter makes its platform threads daemons (but a
 * listener's receive loop, which keeps an application that only listens running) and
 * starts them. A thread that owns sockets must be a platform thread: it spends its life
 * blocked in JeroMQ's waits on a {@link java.nio.channels.Selector}, which hold a virtual
 * thread's carrier, and it gains nothing from being virtual, since there is one such
 * thread per socket and it never ends before its socket. The starter refuses a virtual
 * thread there.
 *
 * @see DefaultZmqThreadFactory
 */
public interface ZmqThreadFactory {

	/**
	 * A platform thread that owns ZeroMQ sockets or waits inside JeroMQ: an endpoint's
	 * owner thread, a listener's receive loop, the workers of a listener that replies, a
	 * proxy, the health probe, the ZAP handler, JeroMQ's I/O threads, and the thread that
	 * closes the context at shutdown.
	 * @param name the thread's name, starting with {@code zmq-} for the starter's own
	 * threads
	 * @param task what the thread runs
	 * @return a new, unstarted platform thread that runs the task
	 */
	Thread newSocketThread(String name, Runnable task);

	/**
	 * A thread that owns no socket, which may be virtual: the workers of a listener that
	 * does not reply (with {@code concurrency} above 1), the workers of a durable topic's
	 * group listener, a durable topic's server, the event publisher, the outbox
	 * dispatchers and the cleanup of processed message ids.
	 * @param name the thread's name
	 * @param task what the thread runs
	 * @return a new, unstarted thread that runs the task
	 */
	Thread newWorkerThread(String name, Runnable task);

}
