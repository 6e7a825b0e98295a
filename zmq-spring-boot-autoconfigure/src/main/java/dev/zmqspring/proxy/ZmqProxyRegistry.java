package dev.zmqspring.proxy;

import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqSocketFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the configured devices ({@code zmq.proxies.*}) before any sender or listener,
 * and stops them last.
 */
public class ZmqProxyRegistry implements SmartLifecycle {

	/** Starts before the senders and stops after them. */
	public static final int PHASE = Integer.MAX_VALUE - 5000;

	private static final Log logger = LogFactory.getLog(ZmqProxyRegistry.class);

	private final List<ZmqProxy> proxies;

	private final ZmqShutdownDeadline shutdownDeadline;

	private volatile boolean running;

	/**
	 * @param proxies the devices
	 * @param shutdownDeadline the application's one shutdown deadline, shared with the
	 * other stages
	 */
	public ZmqProxyRegistry(List<ZmqProxy> proxies, ZmqShutdownDeadline shutdownDeadline) {
		this.proxies = List.copyOf(proxies);
		this.shutdownDeadline = shutdownDeadline;
	}

	/** The devices. */
	public List<ZmqProxy> getProxies() {
		return this.proxies;
	}

	@Override
	public void start() {
		List<ZmqProxy> started = new ArrayList<>();
		try {
			for (ZmqProxy proxy : this.proxies) {
				proxy.start(ZmqSocketFactory.OPEN_TIMEOUT);
				started.add(proxy);
			}
		}
		catch (RuntimeException ex) {
			stop(started);
			throw ex;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		stop(this.proxies);
	}

	private void stop(List<ZmqProxy> devices) {
		if (devices.isEmpty()) {
			return;
		}
		long deadline = this.shutdownDeadline.begin("the devices (zmq.proxies)");
		devices.forEach(ZmqProxy::requestStop);
		List<String> abandoned = new ArrayList<>();
		for (ZmqProxy proxy : devices) {
			if (!proxy.awaitStopped(this.shutdownDeadline.remaining(deadline))) {
				abandoned.add(proxy.getName());
			}
		}
		if (!abandoned.isEmpty()) {
			logger.warn("Devices " + abandoned + " did not close their sockets within zmq.shutdown-timeout ("
					+ this.shutdownDeadline.getTimeout() + "); messages in them are lost and their sockets are left"
					+ " to the context's close");
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
