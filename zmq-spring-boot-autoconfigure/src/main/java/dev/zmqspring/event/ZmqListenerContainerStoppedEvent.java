package dev.zmqspring.event;

import dev.zmqspring.listener.ZmqListenerContainer;

/**
 * A listener container was stopped (on purpose: by the application, an operator or the
 * shutdown) and closed its socket.
 */
public class ZmqListenerContainerStoppedEvent extends ZmqListenerContainerEvent {

	public ZmqListenerContainerStoppedEvent(ZmqListenerContainer container) {
		super(container);
	}

}
