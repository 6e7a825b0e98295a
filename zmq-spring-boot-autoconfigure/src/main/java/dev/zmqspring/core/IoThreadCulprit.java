package dev.zmqspring.core;

import org.jspecify.annotations.Nullable;

/**
 * Which endpoint JeroMQ's I/O thread was reading a frame for when an {@link Error} went
 * through the starter's code on that thread. The allocator that the starter gives every
 * network socket names its endpoint here before it lets the error go on; the thread that
 * catches the error at the top of JeroMQ's loop ({@link IoThreadFailures}) takes it, and
 * knows which socket holds the connection the error left half-read.
 * <p>
 * Internal: not for application code.
 */
public final class IoThreadCulprit {

	/**
	 * One slot per thread, made before it is needed: naming the culprit must not
	 * allocate, since the heap may be full.
	 */
	private static final ThreadLocal<String[]> culprit = new ThreadLocal<>();

	private IoThreadCulprit() {
	}

	/** Makes the current thread's slot; call on a JeroMQ thread before its loop runs. */
	static void prepare() {
		if (culprit.get() == null) {
			culprit.set(new String[1]);
		}
	}

	/**
	 * Names the endpoint whose frame the current thread was reading when an error struck.
	 * Call only while that error propagates. Does nothing on a thread that was not
	 * prepared: only the starter's JeroMQ threads take the culprit.
	 * @param endpoint the endpoint's name
	 */
	public static void blame(String endpoint) {
		String[] slot = culprit.get();
		if (slot != null) {
			slot[0] = endpoint;
		}
	}

	/** Takes (and forgets) the endpoint named on the current thread, if any. */
	static @Nullable String take() {
		String[] slot = culprit.get();
		if (slot == null) {
			return null;
		}
		String endpoint = slot[0];
		slot[0] = null;
		return endpoint;
	}

}
