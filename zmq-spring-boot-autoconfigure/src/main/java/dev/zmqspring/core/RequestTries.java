package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.zmqspring.observation.ZmqObservation;
import dev.zmqspring.observation.ZmqRequestContext;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The tries of one request that {@link ZmqTemplate} prepared: on a timeout, the next try
 * after a growing pause (100 ms, doubling, at most 2 s), with a new request id, so that a
 * late reply to an earlier try is discarded, until the endpoint's {@code request-retries}
 * are used up. Each retry is an event of the request's observation.
 *
 * @param sender the endpoint's sender
 * @param frames the request's frames
 * @param timeout how long each try waits for the reply
 * @param observation the request's observation, {@code null} when not observed
 */
record RequestTries(EndpointSender sender, byte[][] frames, Duration timeout, @Nullable Observation observation) {

	/** The tries handed to the endpoint's thread, one after the other. */
	CompletableFuture<byte[][]> async() {
		return attempt(1);
	}

	private CompletableFuture<byte[][]> attempt(int attempt) {
		return this.sender.request(this.frames, this.timeout).exceptionallyCompose(failure -> {
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (!(cause instanceof ZmqRequestTimeoutException timedOut)) {
				return CompletableFuture.failedFuture(cause);
			}
			if (attempt >= tries()) {
				return CompletableFuture.failedFuture(lastTimeout(timedOut));
			}
			retrying(attempt);
			return CompletableFuture
				.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pauseMillis(attempt), TimeUnit.MILLISECONDS))
				.thenCompose(ignored -> attempt(attempt + 1));
		});
	}

	/**
	 * The tries made and waited for on the calling thread
	 * ({@link EndpointSender#requestAndWait}, on a fresh socket after a timeout when the
	 * thread has one of its own). An interrupt does not cut a pause short; it is kept.
	 */
	byte[][] andWait() {
		for (int attempt = 1;; attempt++) {
			try {
				return this.sender.requestAndWait(this.frames, this.timeout);
			}
			catch (ZmqRequestTimeoutException ex) {
				if (attempt >= tries()) {
					throw lastTimeout(ex);
				}
				retrying(attempt);
				pause(TimeUnit.MILLISECONDS.toNanos(pauseMillis(attempt)));
			}
		}
	}

	private int tries() {
		return this.sender.getEndpoint().requestRetries() + 1;
	}

	/** The failure of the last try, which names the tries when there were several. */
	private ZmqRequestTimeoutException lastTimeout(ZmqRequestTimeoutException timedOut) {
		int tries = tries();
		return (tries == 1) ? timedOut : new ZmqRequestTimeoutException(
				timedOut.getMessage().replace(" within ", " in " + tries + " tries of "));
	}

	/** Records that try {@code attempt} timed out and another follows. */
	private void retrying(int attempt) {
		if (this.observation != null) {
			this.observation.event(ZmqObservation.Events.RETRY);
			if (this.observation.getContext() instanceof ZmqRequestContext context) {
				context.setAttempts(attempt + 1);
			}
		}
	}

	/** The pause before try {@code attempt + 1}. */
	private static long pauseMillis(int attempt) {
		return Math.min(2000, 100L << (attempt - 1));
	}

	private static void pause(long nanos) {
		boolean interrupted = Thread.interrupted();
		long end = System.nanoTime() + nanos;
		for (long left = nanos; left > 0; left = end - System.nanoTime()) {
			LockSupport.parkNanos(left);
			interrupted |= Thread.interrupted();
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
