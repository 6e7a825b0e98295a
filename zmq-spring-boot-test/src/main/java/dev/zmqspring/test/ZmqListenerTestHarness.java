package dev.zmqspring.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every call of the application's {@code @ZmqListener} and {@code @ZmqHandler}
 * methods, by listener id, and lets a test wait for them, in the spirit of spring-amqp's
 * {@code RabbitListenerTestHarness}: the listener beans are wrapped in a proxy that
 * records and then calls them as they are, so they keep doing their work.
 * <p>
 * A listener's id is its {@code id} attribute, or {@code beanName.methodName} (see
 * {@code @ZmqListener#id()}); the calls of a class-level listener's {@code @ZmqHandler}
 * methods are recorded under the class-level listener's id. A method that listens on
 * several endpoints records each call under each of its ids. Thread-safe.
 */
public final class ZmqListenerTestHarness {

	private final Map<String, List<ZmqListenerInvocation>> invocations = new HashMap<>();

	private final Object lock = new Object();

	/** Listener ids whose calls are not recorded, and why. */
	private final Map<String, String> unrecorded = new HashMap<>();

	void unrecorded(Collection<List<String>> ids, String why) {
		synchronized (this.lock) {
			ids.forEach((list) -> list.forEach((id) -> this.unrecorded.put(id, why)));
		}
	}

	void record(List<String> ids, ZmqListenerInvocation invocation) {
		synchronized (this.lock) {
			for (String id : ids) {
				this.invocations.computeIfAbsent(id, (key) -> new ArrayList<>()).add(invocation);
			}
			this.lock.notifyAll();
		}
	}

	/**
	 * The calls of a listener so far, oldest first.
	 * @param listenerId the listener's id
	 * @return a copy of the calls
	 */
	public List<ZmqListenerInvocation> getInvocations(String listenerId) {
		synchronized (this.lock) {
			return List.copyOf(this.invocations.getOrDefault(listenerId, List.of()));
		}
	}

	/**
	 * Waits until a listener has been called at least {@code count} times, at most
	 * {@link ZmqTestClient#DEFAULT_TIMEOUT}.
	 * @param listenerId the listener's id
	 * @param count how many calls
	 * @return the calls so far, oldest first
	 * @throws AssertionError when fewer came in time
	 */
	public List<ZmqListenerInvocation> awaitInvocations(String listenerId, int count) {
		return awaitInvocations(listenerId, count, ZmqTestClient.DEFAULT_TIMEOUT);
	}

	/**
	 * Waits until a listener has been called at least {@code count} times.
	 * @param listenerId the listener's id
	 * @param count how many calls
	 * @param timeout how long to wait at most
	 * @return the calls so far, oldest first
	 * @throws AssertionError when fewer came in time
	 */
	public List<ZmqListenerInvocation> awaitInvocations(String listenerId, int count, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.lock) {
			while (this.invocations.getOrDefault(listenerId, List.of()).size() < count) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					String why = this.unrecorded.get(listenerId);
					throw new AssertionError(
							"Listener '" + listenerId + "' was called "
									+ this.invocations.getOrDefault(listenerId, List.of()).size() + " time(s) within "
									+ timeout + ", expected " + count + "; listeners called so far: "
									+ this.invocations.keySet()
									+ ((why != null)
											? "; its calls are not recorded (" + why
													+ "): make the class and the method neither final nor private"
											: ""));
				}
				try {
					this.lock.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new AssertionError("Interrupted while waiting for listener '" + listenerId + "'", ex);
				}
			}
			return List.copyOf(this.invocations.get(listenerId));
		}
	}

	/**
	 * Waits for a listener's first call.
	 * @param listenerId the listener's id
	 * @return the call
	 * @throws AssertionError when none came within {@link ZmqTestClient#DEFAULT_TIMEOUT}
	 */
	public ZmqListenerInvocation awaitInvocation(String listenerId) {
		return awaitInvocations(listenerId, 1).get(0);
	}

	/** Forgets every call recorded so far. */
	public void reset() {
		synchronized (this.lock) {
			this.invocations.clear();
		}
	}

}
