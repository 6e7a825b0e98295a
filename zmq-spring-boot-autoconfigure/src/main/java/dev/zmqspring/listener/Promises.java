package dev.zmqspring.listener;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;
import reactor.core.publisher.Mono;

/**
 * What a listener method may return to complete later: a {@link CompletionStage} (a
 * {@code CompletableFuture}), or a Reactor {@code Mono} when Reactor is on the class
 * path.
 * <p>
 * Internal: not for application code.
 */
public final class Promises {

	private static final boolean REACTOR = ClassUtils.isPresent("reactor.core.publisher.Mono",
			Promises.class.getClassLoader());

	private Promises() {
	}

	/**
	 * Whether a method declared to return this type completes later.
	 * @param type the declared return type
	 */
	public static boolean isPromise(Class<?> type) {
		return CompletionStage.class.isAssignableFrom(type) || (REACTOR && ReactorTypes.isMono(type));
	}

	/**
	 * The value a listener returned as a stage, subscribing to a {@code Mono}.
	 * @param result what the listener returned
	 * @return the stage, or {@code null} when the value is not a promise
	 */
	public static @Nullable CompletionStage<?> of(@Nullable Object result) {
		if (result instanceof CompletionStage<?> stage) {
			return stage;
		}
		return (REACTOR && result != null) ? ReactorTypes.toStage(result) : null;
	}

	/**
	 * Waits for a stage on the calling thread.
	 * @param stage the stage
	 * @return the value it completed with
	 * @throws Exception what it failed with
	 */
	public static @Nullable Object await(CompletionStage<?> stage) throws Exception {
		CompletableFuture<@Nullable Object> waited = new CompletableFuture<>();
		stage.whenComplete((value, failure) -> {
			if (failure != null) {
				waited.completeExceptionally(failure);
			}
			else {
				waited.complete(value);
			}
		});
		try {
			return waited.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = unwrap(ex);
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw ex;
		}
	}

	/**
	 * The failure a stage completed with, out of the wrappers that completing adds.
	 * @param failure what the stage reported
	 */
	public static Throwable unwrap(Throwable failure) {
		Throwable cause = failure;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** Reactor's types, loaded only when Reactor is present. */
	private static final class ReactorTypes {

		static boolean isMono(Class<?> type) {
			return Mono.class.isAssignableFrom(type);
		}

		static @Nullable CompletionStage<?> toStage(Object result) {
			return (result instanceof Mono<?> mono) ? mono.toFuture() : null;
		}

	}

}
