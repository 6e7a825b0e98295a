package dev.zmqspring.test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One call of a listener method, as {@link ZmqListenerTestHarness} recorded it: the
 * arguments it was given (the payload, headers, the message), what it returned or threw,
 * and the thread it ran on.
 */
public final class ZmqListenerInvocation {

	private final Method method;

	private final List<@Nullable Object> arguments;

	private final @Nullable Object result;

	private final @Nullable Throwable failure;

	private final String thread;

	private final Instant started;

	private final Duration duration;

	ZmqListenerInvocation(Method method, @Nullable Object[] arguments, @Nullable Object result,
			@Nullable Throwable failure, String thread, Instant started, Duration duration) {
		this.started = started;
		this.duration = duration;
		this.method = method;
		this.arguments = Collections.unmodifiableList(Arrays.asList(arguments.clone()));
		this.result = result;
		this.failure = failure;
		this.thread = thread;
	}

	/** The method called: the listener method, or the {@code @ZmqHandler} chosen. */
	public Method getMethod() {
		return this.method;
	}

	/** The arguments, in the method's order. */
	public List<@Nullable Object> getArguments() {
		return this.arguments;
	}

	/**
	 * One argument.
	 * @param <T> its type
	 * @param index its position
	 * @param type its type
	 * @return the argument
	 */
	public <T> @Nullable T getArgument(int index, Class<T> type) {
		return type.cast(this.arguments.get(index));
	}

	/**
	 * The first argument of a type: the payload, usually.
	 * @param <T> the type
	 * @param type the type
	 * @return the argument
	 * @throws IllegalArgumentException when no argument has the type
	 */
	public <T> T getArgument(Class<T> type) {
		for (Object argument : this.arguments) {
			if (type.isInstance(argument)) {
				return type.cast(argument);
			}
		}
		throw new IllegalArgumentException(
				"No argument of type " + type.getName() + " in the call of " + this.method + ": " + this.arguments);
	}

	/**
	 * What the method returned ({@code null} for {@code void}, or when it threw); a
	 * {@code CompletableFuture} as it was returned.
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

	/** What the method threw, or {@code null}. */
	public @Nullable Throwable getFailure() {
		return this.failure;
	}

	/** When the method was called. */
	public Instant getStarted() {
		return this.started;
	}

	/** How long the method ran. */
	public Duration getDuration() {
		return this.duration;
	}

	/**
	 * Whether this call and another ran at the same time, at least in part.
	 * @param other the other call
	 * @return whether they overlapped
	 */
	public boolean overlaps(ZmqListenerInvocation other) {
		return this.started.isBefore(other.started.plus(other.duration))
				&& other.started.isBefore(this.started.plus(this.duration));
	}

	/** The name of the thread the method ran on. */
	public String getThread() {
		return this.thread;
	}

	@Override
	public String toString() {
		return this.method.getName() + this.arguments
				+ ((this.failure != null) ? " threw " + this.failure : " returned " + this.result) + " on "
				+ this.thread;
	}

}
