package dev.zmqspring.proxy;

import dev.zmqspring.core.EndpointReopener;
import dev.zmqspring.core.SocketActivity;

/**
 * Reopens a device's sockets on the device's own thread, for
 * {@link dev.zmqspring.core.IoThreadFailures}: when JeroMQ's I/O thread failed while
 * reading for one of them, that socket's connections are closed underneath JeroMQ, and
 * all the device's sockets are opened again on the same addresses.
 * <p>
 * Internal: not for application code.
 */
public final class ProxyReopener implements EndpointReopener {

	private final ZmqProxyRegistry registry;

	/**
	 * @param registry the devices
	 */
	public ProxyReopener(ZmqProxyRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean reopen(String endpoint, Runnable done) {
		for (ZmqProxy proxy : this.registry.getProxies()) {
			if (proxy.serves(endpoint)) {
				return reopen(proxy, endpoint, done);
			}
		}
		return false;
	}

	private static boolean reopen(ZmqProxy proxy, String endpoint, Runnable done) {
		SocketActivity activity = proxy.getFrontend().name().equals(endpoint) ? proxy.getFrontendActivity()
				: proxy.getBackend().name().equals(endpoint) ? proxy.getBackendActivity() : null;
		if (activity == null || !activity.isTracked()) {
			// The capture socket, whose connections the starter does not follow, or
			// connections a customizer's own monitor hides: the half-read one would be
			// read again.
			return false;
		}
		activity.closeConnections();
		if (proxy.requestReopen(done)) {
			return true;
		}
		if (proxy.isReopening()) {
			// Failed again before the sockets were reopened: the reopening under way
			// goes on.
			done.run();
			return true;
		}
		return false;
	}

}
