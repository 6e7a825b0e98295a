package dev.zmqspring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.zmqspring.event.ZmqEventPublisher;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps every listener container by id and starts and stops them with the application: last to start (after the
 * senders) and first to stop. Look containers up here to pause, resume, stop or start them at run time.
 */
public class ZmqListenerEndpointRegistry implements SmartLifecycle {

	/** Starts after the senders and stops before them. */
	public static final int PHASE = Integer.MAX_VALUE - 3000;

	private final Map<String, ZmqListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());

	private final Duration shutdownTimeout;

	private volatile boolean running;

	private volatile @Nullable ZmqEventPublisher eventPublisher;

	public ZmqListenerEndpointRegistry(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Adds a container; it is started at once when the registry is running and the container auto-starts.
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
	 * Sets where every container, registered now or later, publishes its started, stopped and failed events.
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
		long deadline = System.nanoTime() + this.shutdownTimeout.toNanos();
		all.forEach(container -> container.requestStop(deadline));
		for (ZmqListenerContainer container : all) {
			container.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
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
