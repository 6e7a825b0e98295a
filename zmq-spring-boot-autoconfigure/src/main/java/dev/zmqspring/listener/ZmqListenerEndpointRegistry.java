package dev.zmqspring.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.event.ZmqEventPublisher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps every listener container by id and starts and stops them with the application:
 * last to start (after the senders) and first to stop. Look containers up here to pause,
 * resume, stop or start them at run time.
 */
public class ZmqListenerEndpointRegistry implements SmartLifecycle {

	/** Starts after the senders and stops before them. */
	public static final int PHASE = Integer.MAX_VALUE - 3000;

	private static final Log logger = LogFactory.getLog(ZmqListenerEndpointRegistry.class);

	private final Map<String, ZmqListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());

	private final ZmqShutdownDeadline shutdownDeadline;

	private volatile boolean running;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	/**
	 * @param shutdownDeadline the application's one shutdown deadline, shared with the
	 * other stages
	 */
	public ZmqListenerEndpointRegistry(ZmqShutdownDeadline shutdownDeadline) {
		this.shutdownDeadline = shutdownDeadline;
	}

	/**
	 * Adds a container; it is started at once when the registry is running and the
	 * container auto-starts.
	 * @throws IllegalStateException when the id is taken
	 */
	public void register(ZmqListenerContainer container) {
		ZmqListenerContainer previous = this.containers.putIfAbsent(container.getId(), container);
		if (previous != null) {
			throw new IllegalStateException("Another listener already has the id '" + container.getId()
					+ "'; give each @ZmqListener a unique id");
		}
		if (this.eventPublisher != null) {
			container.setEventPublisher(this.eventPublisher);
		}
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	/**
	 * Removes a container, stopping it if it runs: its listener's bean is being
	 * destroyed. Waits at most {@code zmq.shutdown-timeout} for the message in hand.
	 * @param id the container's id
	 */
	public void unregister(String id) {
		ZmqListenerContainer container = this.containers.remove(id);
		if (container != null && container.isRunning()) {
			container.stop();
		}
	}

	/**
	 * Sets where every container, registered now or later, publishes its started, stopped
	 * and failed events.
	 * @param eventPublisher the publisher, or {@code null} for none
	 */
	public void setEventPublisher(@Nullable ZmqEventPublisher eventPublisher) {
		this.eventPublisher = eventPublisher;
		getListenerContainers().forEach(container -> container.setEventPublisher(eventPublisher));
	}

	/** The container with that id, or {@code null}. */
	public @Nullable ZmqListenerContainer getListenerContainer(String id) {
		return this.containers.get(id);
	}

	/** The ids of all containers. */
	public Set<String> getListenerContainerIds() {
		synchronized (this.containers) {
			return Set.copyOf(this.containers.keySet());
		}
	}

	/** All containers, in registration order. */
	public Collection<ZmqListenerContainer> getListenerContainers() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	@Override
	public void start() {
		List<ZmqListenerContainer> started = new ArrayList<>();
		try {
			for (ZmqListenerContainer container : getListenerContainers()) {
				if (container.isAutoStartup()) {
					container.start();
					started.add(container);
				}
			}
		}
		catch (RuntimeException ex) {
			// Leave nothing half-started behind when the application fails to start.
			started.forEach(ZmqListenerContainer::stop);
			throw ex;
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		List<ZmqListenerContainer> all = new ArrayList<>(getListenerContainers());
		if (all.isEmpty()) {
			return;
		}
		long deadline = this.shutdownDeadline.begin("the listener containers");
		// Every container is asked first, so that they all finish their messages in the
		// same time.
		all.forEach(container -> container.requestStop(deadline));
		List<String> abandoned = new ArrayList<>();
		for (ZmqListenerContainer container : all) {
			if (!container.awaitStopped(this.shutdownDeadline.remaining(deadline))) {
				abandoned.add(container.getId());
			}
		}
		if (!abandoned.isEmpty()) {
			logger.warn("Listeners " + abandoned + " did not finish their messages within zmq.shutdown-timeout ("
					+ this.shutdownDeadline.getTimeout() + "); their threads are left running (never interrupted)"
					+ " and their sockets to the context's close");
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
