package dev.zmqspring.testsupport;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.event.ZmqEvent;
import org.springframework.context.event.EventListener;

/**
 * An application's listener of the starter's events: remembers each event and the thread
 * it arrived on.
 */
public class ZmqEventRecorder {

	private final List<ZmqEvent> events = new CopyOnWriteArrayList<>();

	private final Set<String> threads = ConcurrentHashMap.newKeySet();

	@EventListener
	void on(ZmqEvent event) {
		this.events.add(event);
		this.threads.add(Thread.currentThread().getName());
	}

	/** The events of one kind received so far, in order. */
	public <E extends ZmqEvent> List<E> events(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	/** The names of the threads events arrived on. */
	public Set<String> threads() {
		return Set.copyOf(this.threads);
	}

}
