package dev.zmqspring.listener;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.EndpointReopener;
import dev.zmqspring.core.ZmqThreadFactory;
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

	/** Endpoints whose sockets are being reopened now. */
	private final Set<String> reopening = ConcurrentHashMap.newKeySet();

	private final ZmqThreadFactory threads;

	/**
	 * @param registry the listeners
	 * @param threads what creates the threads that reopen listeners' sockets
	 */
	public ListenerReopener(ZmqListenerEndpointRegistry registry, ZmqThreadFactory threads) {
		this.registry = registry;
		this.threads = CheckedThreadFactory.of(threads);
	}

	@Override
	public boolean reopen(String endpoint, Runnable done) {
		List<ZmqListenerContainer> containers = this.registry.getListenerContainers()
			.stream()
			.filter((container) -> container.getEndpoint().name().equals(endpoint))
			.toList();
		if (containers.isEmpty()) {
			return false;
		}
		if (this.reopening.contains(endpoint)) {
			// Failed again while its sockets are being reopened (the old socket takes
			// connections until it closes): their connections are closed again, and the
			// reopening under way goes on.
			containers.forEach(ZmqListenerContainer::closeConnections);
			done.run();
			return true;
		}
		if (containers.stream().anyMatch((container) -> !container.getActivity().isTracked())) {
			// No connection to close underneath JeroMQ (a customizer's own monitor hides
			// them): the half-read one would be read again.
			return false;
		}
		containers.forEach(ZmqListenerContainer::closeConnections);
		if (containers.stream().noneMatch(ZmqListenerContainer::isRunning)) {
			return false;
		}
		Thread thread = this.threads.newSocketThread("zmq-reopen-" + endpoint, () -> {
			try {
				for (ZmqListenerContainer container : containers) {
					reopen(container);
				}
			}
			finally {
				this.reopening.remove(endpoint);
				done.run();
			}
		});
		if (!this.reopening.add(endpoint)) {
			// Another I/O thread started it meanwhile.
			done.run();
			return true;
		}
		try {
			thread.start();
		}
		catch (Throwable ex) {
			this.reopening.remove(endpoint);
			throw ex;
		}
		return true;
	}

	private static void reopen(ZmqListenerContainer container) {
		if (!container.isRunning()) {
			return;
		}
		try {
			if (container.reopen()) {
				logger.info("Listener '" + container.getId() + "' reopened its socket on " + container.getAddresses());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Listener '" + container.getId() + "' could not reopen its socket; start it again from"
					+ " the zmq Actuator endpoint or restart the application", ex);
		}
	}

}
