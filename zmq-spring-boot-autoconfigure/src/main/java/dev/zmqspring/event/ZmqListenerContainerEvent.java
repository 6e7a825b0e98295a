package dev.zmqspring.event;

import dev.zmqspring.listener.ZmqListenerContainer;

/**
 * A listener container changed state. The source is the container.
 */
public abstract class ZmqListenerContainerEvent extends ZmqEvent {

	protected ZmqListenerContainerEvent(ZmqListenerContainer container) {
		super(container);
	}

	/** The container. */
	public ZmqListenerContainer getContainer() {
		return (ZmqListenerContainer) getSource();
	}

	/** The container's id. */
	public String getListenerId() {
		return getContainer().getId();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[listener=" + getListenerId() + "]";
	}

}
