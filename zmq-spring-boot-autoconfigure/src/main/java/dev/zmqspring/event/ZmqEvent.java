package dev.zmqspring.event;

import org.springframework.context.ApplicationEvent;

/**
 * Base class of the starter's application events. Listen to it (or to a subclass) with
 * {@code @EventListener}; the events arrive on the {@code zmq-events} thread, never on a
 * socket's or JeroMQ's own thread, so a listener may take its time without holding up any
 * message.
 */
public abstract class ZmqEvent extends ApplicationEvent {

	protected ZmqEvent(Object source) {
		super(source);
	}

}
