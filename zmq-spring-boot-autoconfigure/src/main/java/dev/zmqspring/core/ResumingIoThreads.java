package dev.zmqspring.core;

import java.util.function.Consumer;

import zmq.util.function.BiFunction;

/**
 * Creates JeroMQ's I/O and reaper threads (daemons, named as JeroMQ names them). Each
 * first lets a hook prepare its loop on the thread itself (the
 * {@link HandshakeWatchdog}), then runs it, and runs it again after an error escaped from
 * it when {@link IoThreadFailures} decides that the failure can be recovered from;
 * otherwise the thread ends, as it would without the starter.
 */
final class ResumingIoThreads implements BiFunction<Runnable, String, Thread> {

	private final IoThreadFailures failures;

	private final Consumer<Runnable> beforeLoop;

	ResumingIoThreads(IoThreadFailures failures, Consumer<Runnable> beforeLoop) {
		this.failures = failures;
		this.beforeLoop = beforeLoop;
	}

	@Override
	public Thread apply(Runnable loop, String name) {
		Thread thread = new Thread(() -> runResuming(loop), name);
		thread.setDaemon(true);
		return thread;
	}

	private void runResuming(Runnable loop) {
		try {
			this.beforeLoop.accept(loop);
		}
		catch (RuntimeException ex) {
			// The loop runs without it.
		}
		while (true) {
			try {
				loop.run();
				return;
			}
			catch (Throwable failure) {
				String culprit = IoThreadCulprit.take();
				if (!this.failures.failed(Thread.currentThread(), failure, culprit)) {
					return;
				}
			}
		}
	}

}
