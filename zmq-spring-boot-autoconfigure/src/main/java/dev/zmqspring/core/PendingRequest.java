package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A request handed to a {@link RequestReplyClient}: its id (echoed back in the reply's
 * envelope), its body frames, the future its caller waits on, and when it times out
 * ({@link System#nanoTime()}).
 */
record PendingRequest(long id, byte[][] frames, CompletableFuture<byte[][]> reply, Duration timeout,
		long deadlineNanos) {

	/**
	 * Whether the request needs nothing more: answered, failed, timed out or cancelled by
	 * its caller.
	 */
	boolean isSettled() {
		return this.reply.isDone();
	}

}
