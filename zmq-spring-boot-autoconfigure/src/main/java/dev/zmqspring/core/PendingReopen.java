package dev.zmqspring.core;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * A request, made on a JeroMQ I/O thread, that a socket-owning thread open its sockets
 * again, and whom to tell once it has (or could not, or stopped first): whoever asked is
 * always told, exactly once.
 * <p>
 * Internal: not for application code.
 */
public final class PendingReopen {

	private final AtomicReference<@Nullable Runnable> done = new AtomicReference<>();

	/**
	 * Asks for the sockets to be opened again.
	 * @param done told once they are, or could not be
	 * @param running whether the owning thread runs and has not been asked to stop
	 * @param ended whether the owning thread has ended: it can no longer see the request,
	 * which is then ended at once
	 * @return {@code false} when the owning thread does not run, or a request is pending
	 * already (its teller stays)
	 */
	public boolean request(Runnable done, BooleanSupplier running, BooleanSupplier ended) {
		if (!running.getAsBoolean() || !this.done.compareAndSet(null, done)) {
			return false;
		}
		if (ended.getAsBoolean()) {
			complete();
		}
		return true;
	}

	/** Whether a request is pending. */
	public boolean isRequested() {
		return this.done.get() != null;
	}

	/**
	 * Ends the pending request, if any, and tells whoever made it; call on the owning
	 * thread once the sockets are open again, failed to open, or the thread ends.
	 */
	public void complete() {
		Runnable pending = this.done.getAndSet(null);
		if (pending != null) {
			pending.run();
		}
	}

}
