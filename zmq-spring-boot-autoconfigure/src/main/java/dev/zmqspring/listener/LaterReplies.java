package dev.zmqspring.listener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.core.EndpointStatistics;
import org.zeromq.ZMQ;

/**
 * The replies of a REP or ROUTER listener that answers later (it returned a
 * {@code CompletionStage}), on their way from the thread that completed them to the
 * thread that owns the endpoint's socket. Any thread may {@link #post(byte[][]) post};
 * the owner thread polls {@link #signal()} next to its socket and {@link #sendAll sends}
 * what came, so that the socket is never touched by another thread. One per run of a
 * container.
 */
final class LaterReplies implements AutoCloseable {

	/** The most replies a listener may owe at once: then the socket is not read. */
	static final int MAX_OWED = 1000;

	/**
	 * The most bytes of requests a listener may owe replies to at once (their frames are
	 * kept for the error handler until the reply is sent): then the socket is not read.
	 */
	private final long maxOwedBytes;

	private final AtomicLong owedBytes = new AtomicLong();

	private final Queue<byte[][]> ready = new ConcurrentLinkedQueue<>();

	private final AtomicInteger owed = new AtomicInteger();

	private final AtomicBoolean signalled = new AtomicBoolean();

	private final Pipe wakeUp;

	private final ByteBuffer oneByte = ByteBuffer.allocate(1);

	private final ByteBuffer drained = ByteBuffer.allocate(64);

	private volatile boolean closed;

	/**
	 * @param maxOwedBytes the most bytes of requests owed replies at once (the endpoint's
	 * receive-buffer budget), or 0 for no bound but {@link #MAX_OWED}
	 */
	LaterReplies(long maxOwedBytes) {
		this.maxOwedBytes = maxOwedBytes;
		try {
			this.wakeUp = Pipe.open();
			this.wakeUp.source().configureBlocking(false);
			// Non-blocking, so that a completing thread with its interrupt flag set does
			// not close it.
			this.wakeUp.sink().configureBlocking(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot open the wake-up pipe of a listener that replies later", ex);
		}
	}

	/**
	 * Counts a reply the listener owes; call on the thread that got its promise.
	 * @param bytes the size of the request, held until the reply is posted
	 */
	void owe(long bytes) {
		this.owed.incrementAndGet();
		this.owedBytes.addAndGet(bytes);
	}

	/**
	 * Hands over a reply the listener owed, to be sent by the owner thread; any thread.
	 * Once the listener has stopped, the reply is not sent: it was counted among those
	 * owed when the listener closed.
	 */
	void post(byte[][] reply, long bytes) {
		this.owedBytes.addAndGet(-bytes);
		if (this.closed) {
			return;
		}
		this.ready.add(reply);
		if (this.signalled.compareAndSet(false, true)) {
			wake();
		}
	}

	/** Readable when replies are ready: poll it next to the socket. */
	SelectableChannel signal() {
		return this.wakeUp.source();
	}

	/** Whether the listener owes so many replies that the socket is not to be read. */
	boolean full() {
		return this.owed.get() >= MAX_OWED || (this.maxOwedBytes > 0 && this.owedBytes.get() >= this.maxOwedBytes);
	}

	/** How many replies the listener owes, ready or not. */
	int owed() {
		return this.owed.get();
	}

	/** Sends the replies that are ready; call on the thread that owns the socket. */
	void sendAll(ZMQ.Socket socket, EndpointStatistics statistics) {
		// Drained before the flag is cleared: a post in between then writes a byte
		// again, and is not left with the flag set and the pipe empty.
		drainSignal();
		this.signalled.set(false);
		byte[][] reply;
		while ((reply = this.ready.poll()) != null) {
			this.owed.decrementAndGet();
			if (!Frames.sendReply(socket, reply)) {
				statistics.error("A reply could not be delivered: the client is gone");
			}
		}
	}

	/**
	 * Stops taking replies: those still owed ({@link #owed()}) are not sent. Call on the
	 * owner thread once it has sent what it could.
	 */
	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.wakeUp.sink());
		closeQuietly(this.wakeUp.source());
	}

	private void wake() {
		try {
			synchronized (this.oneByte) {
				this.oneByte.clear();
				this.wakeUp.sink().write(this.oneByte);
			}
		}
		catch (IOException ex) {
			// Closed: the listener stopped, and the reply is counted as lost.
		}
	}

	private void drainSignal() {
		try {
			do {
				this.drained.clear();
			}
			while (this.wakeUp.source().read(this.drained) > 0);
		}
		catch (IOException ex) {
			// Closed meanwhile: nothing more to read.
		}
	}

	private static void closeQuietly(Channel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			// Nothing to do.
		}
	}

}
