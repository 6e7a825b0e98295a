package dev.zmqspring.core;

import zmq.util.function.BiFunction;

/**
 * Creates JeroMQ's I/O and reaper threads (daemons, named as JeroMQ names them), each of
 * which runs JeroMQ's loop again after an error escaped from it, when
 * {@link IoThreadFailures} decides that the failure can be recovered from; otherwise the
 * thread ends, as it would without the starter.
 */
final class ResumingIoThreads implements BiFunction<Runnable, String, Thread> {

	private final IoThreadFailures failures;

	ResumingIoThreads(IoThreadFailures failures) {
		this.failures = failures;
	}

	@Override
	public Thread apply(Runnable loop, String name) {
		Thread thread = new Thread(() -> runResuming(loop), name);
		thread.setDaemon(true);
		return thread;
	}

	private void runResuming(Runnable loop) {
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
