package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.EndpointReopener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Reopens the sockets of an endpoint's listeners ({@link ZmqListenerContainer#reopen()})
 * on a thread of its own, for {@link dev.zmqspring.core.IoThreadFailures}.
 * <p>
 * Internal: not for application code.
 */
public final class ListenerReopener implements EndpointReopener {

	private static final Log logger = LogFactory.getLog(ListenerReopener.class);

	private final ZmqListenerEndpointRegistry registry;

	/**
	 * @param registry the listeners
	 */
	public ListenerReopener(ZmqListenerEndpointRegistry registry) {
		this.registry = registry;
	}

	@Override
	public boolean reopen(String endpoint, Runnable done) {
		List<ZmqListenerContainer> containers = this.registry.getListenerContainers()
			.stream()
			.filter((container) -> container.getEndpoint().name().equals(endpoint) && container.isRunning())
			.toList();
		if (containers.isEmpty()) {
			return false;
		}
		for (ZmqListenerContainer container : containers) {
			container.getActivity().closeConnections();
		}
		Thread thread = new Thread(() -> {
			try {
				for (ZmqListenerContainer container : containers) {
					reopen(container);
				}
			}
			finally {
				done.run();
			}
		}, "zmq-reopen-" + endpoint);
		thread.setDaemon(true);
		thread.start();
		return true;
	}

	private static void reopen(ZmqListenerContainer container) {
		try {
			container.reopen();
			logger.info("Listener '" + container.getId() + "' reopened its socket on " + container.getAddresses());
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + container.getId() + "' could not reopen its socket; start it again from"
					+ " the zmq Actuator endpoint or restart the application", ex);
		}
	}

}
