package dev.zmqspring.event;

import dev.zmqspring.listener.ZmqListenerContainer;

/**
 * A listener container opened its socket and receives.
 */
public class ZmqListenerContainerStartedEvent extends ZmqListenerContainerEvent {

	public ZmqListenerContainerStartedEvent(ZmqListenerContainer container) {
		super(container);
	}

}
