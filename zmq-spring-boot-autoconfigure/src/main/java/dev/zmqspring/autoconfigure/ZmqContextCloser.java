package dev.zmqspring.autoconfigure;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.zeromq.ZContext;

/**
 * Closes the auto-configured {@link ZContext} when the application stops: after every
 * listener, sender and device has closed its sockets on its own thread, and within what
 * is left of {@code zmq.shutdown-timeout}, so that a socket left open (by a stuck
 * listener, say) can never hang the JVM's shutdown. The close runs on a daemon thread
 * that is never interrupted; when the deadline has passed it is started and not waited
 * for.
 */
class ZmqContextCloser implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ZmqContextCloser.class);

	private final ZContext context;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final ZmqThreadFactory threads;

	ZmqContextCloser(ZContext context, ZmqShutdownDeadline shutdownDeadline, ZmqThreadFactory threads) {
		this.context = context;
		this.shutdownDeadline = shutdownDeadline;
		this.threads = CheckedThreadFactory.of(threads);
	}

	@Override
	public void destroy() throws InterruptedException {
		// Destroyed only when the application closes: share the deadline even when no
		// lifecycle stop came first.
		this.shutdownDeadline.closing();
		long deadline = this.shutdownDeadline.begin("the ZeroMQ context");
		CountDownLatch closed = new CountDownLatch(1);
		// Waits inside JeroMQ for every socket to close: a socket thread.
		Thread closer = this.threads.newSocketThread("zmq-context-close", () -> {
			try {
				this.context.close();
			}
			finally {
				closed.countDown();
			}
		});
		closer.start();
		if (!closed.await(this.shutdownDeadline.remaining(deadline).toNanos(), TimeUnit.NANOSECONDS)) {
			logger.warn("The ZeroMQ context did not close within zmq.shutdown-timeout ("
					+ this.shutdownDeadline.getTimeout() + "): a socket is still in use or lingering with queued"
					+ " messages. Continuing the shutdown without it");
		}
	}

}
