package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.core.ZmqSocketFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the configured devices ({@code zmq.proxies.*}) before any sender or listener, and stops them last.
 */
public class ZmqProxyRegistry implements SmartLifecycle {

	/** Starts before the senders and stops after them. */
	public static final int PHASE = Integer.MAX_VALUE - 5000;

	private final List<ZmqProxy> proxies;

	private final Duration shutdownTimeout;

	private volatile boolean running;

	public ZmqProxyRegistry(List<ZmqProxy> proxies, Duration shutdownTimeout) {
		this.proxies = List.copyOf(proxies);
		this.shutdownTimeout = shutdownTimeout;
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
			started.forEach(proxy -> proxy.stop(this.shutdownTimeout));
			throw ex;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.proxies.forEach(proxy -> proxy.stop(this.shutdownTimeout));
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
