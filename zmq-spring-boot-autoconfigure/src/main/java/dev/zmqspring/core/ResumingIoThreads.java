package dev.zmqspring.core;

import java.util.function.Consumer;

import zmq.util.function.BiFunction;

/**
 * Creates JeroMQ's I/O and reaper threads (daemons, named as JeroMQ names them). Each
 * first lets a hook prepare its loop on the thread itself (the {@link HandshakeWatchdog},
 * {@link PausedReads} and {@link DeferredDrops}), then runs it, and runs it again after
 * an error escaped from it when {@link IoThreadFailures} decides that the failure can be
 * recovered from; otherwise the thread ends, as it would without the starter.
 */
final class ResumingIoThreads implements BiFunction<Runnable, String, Thread> {

	private final IoThreadFailures failures;

	private final Consumer<Runnable> beforeLoop;

	private final ZmqThreadFactory threads;

	ResumingIoThreads(IoThreadFailures failures, Consumer<Runnable> beforeLoop, ZmqThreadFactory threads) {
		this.failures = failures;
		this.beforeLoop = beforeLoop;
		this.threads = CheckedThreadFactory.of(threads);
	}

	@Override
	public Thread apply(Runnable loop, String name) {
		Thread thread = this.threads.newSocketThread(name, () -> runResuming(loop));
		// JeroMQ sets its handler only on threads it makes itself.
		thread.setUncaughtExceptionHandler(this.failures::threadDied);
		return thread;
	}

	private void runResuming(Runnable loop) {
		IoThreadCulprit.prepare();
		try {
			this.beforeLoop.accept(loop);
		}
		catch (Throwable ex) {
			// The loop runs without it (out of memory already, or another JeroMQ).
		}
		while (true) {
			try {
				loop.run();
				return;
			}
			catch (Throwable failure) {
				if (!resume(failure)) {
					return;
				}
			}
		}
	}

	private boolean resume(Throwable failure) {
		Thread thread = Thread.currentThread();
		try {
			return this.failures.failed(thread, failure, IoThreadCulprit.take());
		}
		catch (Throwable ex) {
			// Out of memory again, deciding: the thread ends, and its death is counted.
			this.failures.threadDied(thread, failure);
			return false;
		}
	}

}
