package dev.zmqspring.core;

import java.util.concurrent.atomic.AtomicReference;

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
	 * @return {@code false} when a request is pending already (its teller stays)
	 */
	public boolean request(Runnable done) {
		return this.done.compareAndSet(null, done);
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
