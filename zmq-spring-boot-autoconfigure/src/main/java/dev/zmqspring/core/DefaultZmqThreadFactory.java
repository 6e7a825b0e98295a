package dev.zmqspring.core;

import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The starter's {@link ZmqThreadFactory}: daemon platform threads for sockets, and for
 * the work that holds no socket either daemon platform threads or virtual threads.
 * Immutable and thread-safe.
 */
public final class DefaultZmqThreadFactory implements ZmqThreadFactory {

	private final @Nullable ThreadFactory virtualThreads;

	private DefaultZmqThreadFactory(@Nullable ThreadFactory virtualThreads) {
		this.virtualThreads = virtualThreads;
	}

	/**
	 * Platform threads only: the default, and what Java 17 to 20 can do.
	 * @return the factory
	 */
	public static DefaultZmqThreadFactory platformThreads() {
		return new DefaultZmqThreadFactory(null);
	}

	/**
	 * Virtual threads for the work that holds no socket, platform threads for the rest.
	 * What the starter uses with {@code spring.threads.virtual.enabled=true} on Java 21
	 * or later.
	 * @return the factory
	 * @throws IllegalStateException on a Java without virtual threads (before 21)
	 */
	public static DefaultZmqThreadFactory virtualWorkerThreads() {
		try {
			return new DefaultZmqThreadFactory(new VirtualThreadTaskExecutor("zmq-").getVirtualThreadFactory());
		}
		catch (UnsupportedOperationException ex) {
			throw new IllegalStateException("Virtual threads need Java 21 or later; this is Java "
					+ Runtime.version().feature() + ". Run on Java 21 or later, or use platformThreads()", ex);
		}
	}

	/**
	 * Whether {@link #newWorkerThread} returns virtual threads.
	 * @return {@code true} for {@link #virtualWorkerThreads()}
	 */
	public boolean isVirtualWorkerThreads() {
		return this.virtualThreads != null;
	}

	@Override
	public Thread newSocketThread(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public Thread newWorkerThread(String name, Runnable task) {
		ThreadFactory virtual = this.virtualThreads;
		if (virtual == null) {
			return newSocketThread(name, task);
		}
		Thread thread = virtual.newThread(task);
		thread.setName(name);
		return thread;
	}

	@Override
	public String toString() {
		return "DefaultZmqThreadFactory[" + (isVirtualWorkerThreads() ? "virtual" : "platform") + " worker threads]";
	}

}
