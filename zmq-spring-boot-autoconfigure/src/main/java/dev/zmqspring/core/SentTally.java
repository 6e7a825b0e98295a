package dev.zmqspring.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The messages and bytes one thread sent on its own socket. Only that thread writes; any thread reads. With one
 * writer a count needs no atomic read-modify-write: an opaque store is as cheap as a plain one, where a shared
 * counter would cost an atomic instruction per message (as much as writing a small message).
 */
final class SentTally {

	private static final VarHandle MESSAGES;

	private static final VarHandle BYTES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MESSAGES = lookup.findVarHandle(SentTally.class, "messages", long.class);
			BYTES = lookup.findVarHandle(SentTally.class, "bytes", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused") // through MESSAGES
	private long messages;

	@SuppressWarnings("unused") // through BYTES
	private long bytes;

	/** Counts one message; the owning thread only. */
	void sent(long size) {
		MESSAGES.setOpaque(this, (long) MESSAGES.getOpaque(this) + 1);
		BYTES.setOpaque(this, (long) BYTES.getOpaque(this) + size);
	}

	long messages() {
		return (long) MESSAGES.getOpaque(this);
	}

	long bytes() {
		return (long) BYTES.getOpaque(this);
	}

}
