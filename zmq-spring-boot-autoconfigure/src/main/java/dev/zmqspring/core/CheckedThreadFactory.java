package dev.zmqspring.core;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import org.jspecify.annotations.Nullable;

/**
 * A {@link ZmqThreadFactory} as the starter uses it: what a replaced factory returns is
 * checked before the starter starts it, and a thread that would break the starter is an
 * error that names the fix. Platform threads are made daemons, whatever the factory
 * chose, so that none of them keeps a JVM alive (a listener's receive loop is made a
 * non-daemon again by its container). Internal: public only for the starter's other
 * packages.
 */
public final class CheckedThreadFactory implements ZmqThreadFactory {

	/** {@code Thread.isVirtual()}, which Java 17 to 20 lack. */
	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private final ZmqThreadFactory delegate;

	private CheckedThreadFactory(ZmqThreadFactory delegate) {
		this.delegate = delegate;
	}

	/**
	 * The factory, checking what it returns.
	 * @param factory the factory
	 * @return the checking factory
	 */
	public static ZmqThreadFactory of(ZmqThreadFactory factory) {
		return (factory instanceof CheckedThreadFactory) ? factory : new CheckedThreadFactory(factory);
	}

	@Override
	public Thread newSocketThread(String name, Runnable task) {
		Thread thread = checked(this.delegate.newSocketThread(name, task), name, "newSocketThread");
		if (isVirtual(thread)) {
			throw new IllegalStateException(this.delegate + ".newSocketThread returned a virtual thread for '" + name
					+ "'. Threads that own ZeroMQ sockets must be platform threads: return virtual threads only from"
					+ " newWorkerThread");
		}
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public Thread newWorkerThread(String name, Runnable task) {
		Thread thread = checked(this.delegate.newWorkerThread(name, task), name, "newWorkerThread");
		if (!isVirtual(thread)) {
			thread.setDaemon(true);
		}
		return thread;
	}

	private Thread checked(@Nullable Thread thread, String name, String method) {
		if (thread == null) {
			throw new IllegalStateException(
					this.delegate + "." + method + " returned no thread for '" + name + "'. Return a new thread");
		}
		if (thread.getState() != Thread.State.NEW) {
			throw new IllegalStateException(this.delegate + "." + method
					+ " returned a thread that was already started (" + thread.getName() + ", " + thread.getState()
					+ ") for '" + name + "'. Return a new, unstarted thread: the starter starts it");
		}
		return thread;
	}

	static boolean isVirtual(Thread thread) {
		if (IS_VIRTUAL == null) {
			return false;
		}
		try {
			return (boolean) IS_VIRTUAL.invokeExact(thread);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Thread.isVirtual() failed", ex);
		}
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (NoSuchMethodException | IllegalAccessException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return this.delegate.toString();
	}

}
