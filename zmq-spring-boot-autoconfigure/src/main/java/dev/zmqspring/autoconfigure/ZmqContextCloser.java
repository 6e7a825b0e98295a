package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;
import org.zeromq.ZContext;

/**
 * Closes the auto-configured {@link ZContext} when the application stops: after every listener, sender and device
 * has closed its sockets on its own thread, and bounded by {@code zmq.shutdown-timeout}, so that a socket left
 * open (by a stuck listener, say) can never hang the JVM's shutdown.
 */
class ZmqContextCloser implements DisposableBean {

	private static final Log logger = LogFactory.getLog(ZmqContextCloser.class);

	private final ZContext context;

	private final Duration timeout;

	ZmqContextCloser(ZContext context, Duration timeout) {
		this.context = context;
		this.timeout = timeout;
	}

	@Override
	public void destroy() throws InterruptedException {
		CountDownLatch closed = new CountDownLatch(1);
		Thread closer = new Thread(() -> {
			try {
				this.context.close();
			}
			finally {
				closed.countDown();
			}
		}, "zmq-context-close");
		closer.setDaemon(true);
		closer.start();
		if (!closed.await(this.timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			logger.warn("The ZeroMQ context did not close within " + this.timeout
					+ " (a socket is still in use); continuing the shutdown without it");
		}
	}

}
