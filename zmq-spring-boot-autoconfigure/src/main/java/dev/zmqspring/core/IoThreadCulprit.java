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

	private static final ThreadLocal<@Nullable String> culprit = new ThreadLocal<>();

	private IoThreadCulprit() {
	}

	/**
	 * Names the endpoint whose frame the current thread was reading when an error struck.
	 * Call only while that error propagates.
	 * @param endpoint the endpoint's name
	 */
	public static void blame(String endpoint) {
		culprit.set(endpoint);
	}

	/** Takes (and forgets) the endpoint named on the current thread, if any. */
	static @Nullable String take() {
		String endpoint = culprit.get();
		culprit.remove();
		return endpoint;
	}

}
