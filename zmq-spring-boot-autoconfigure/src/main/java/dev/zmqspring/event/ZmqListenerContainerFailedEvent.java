package dev.zmqspring.event;

import dev.zmqspring.listener.ZmqListenerContainer;

/**
 * A listener container's receiving thread ended on an unexpected error: the listener
 * receives nothing until it is started again. Health reports it DOWN.
 */
public class ZmqListenerContainerFailedEvent extends ZmqListenerContainerEvent {

	private final Throwable failure;

	public ZmqListenerContainerFailedEvent(ZmqListenerContainer container, Throwable failure) {
		super(container);
		this.failure = failure;
	}

	/** The error that ended the receiving thread. */
	public Throwable getFailure() {
		return this.failure;
	}

}
