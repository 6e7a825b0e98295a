package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one thread, {@code zmq-peer-wait}, that runs the checks of every {@link PeerWait}
 * of the JVM. A daemon that ends after a minute without work, so neither an application
 * nor its tests need to stop it; scheduling from JeroMQ's I/O thread only adds to a
 * queue.
 */
final class PeerWaitTimer {

	static final PeerWaitTimer SHARED = new PeerWaitTimer();

	private final ScheduledThreadPoolExecutor executor;

	private PeerWaitTimer() {
		this.executor = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, "zmq-peer-wait");
			thread.setDaemon(true);
			return thread;
		});
		this.executor.setKeepAliveTime(1, TimeUnit.MINUTES);
		this.executor.allowCoreThreadTimeOut(true);
		this.executor.setRemoveOnCancelPolicy(true);
	}

	ScheduledFuture<?> schedule(Duration delay, Runnable task) {
		return this.executor.schedule(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// A failed check must not end the thread's other checks.
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

}
