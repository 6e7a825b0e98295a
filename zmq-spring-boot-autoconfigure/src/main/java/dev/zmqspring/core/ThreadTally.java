package dev.zmqspring.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The messages and bytes one thread sent on its own socket, or one listener thread
 * received. Only that thread writes; any thread reads. With one writer a count needs no
 * atomic read-modify-write: an opaque store is as cheap as a plain one, where a shared
 * counter would cost an atomic instruction per message (as much as writing a small
 * message). Obtained from {@link EndpointStatistics}.
 */
public final class ThreadTally {

	private static final VarHandle MESSAGES;

	private static final VarHandle BYTES;

	static {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MESSAGES = lookup.findVarHandle(ThreadTally.class, "messages", long.class);
			BYTES = lookup.findVarHandle(ThreadTally.class, "bytes", long.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	@SuppressWarnings("unused") // through MESSAGES
	private long messages;

	@SuppressWarnings("unused") // through BYTES
	private long bytes;

	ThreadTally() {
	}

	/** Counts one message of all these frames; the owning thread only. */
	public void count(List<byte[]> frames) {
		long size = 0;
		for (int i = 0; i < frames.size(); i++) {
			size += frames.get(i).length;
		}
		count(size);
	}

	/** Counts one message of this many bytes; the owning thread only. */
	void count(long size) {
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
