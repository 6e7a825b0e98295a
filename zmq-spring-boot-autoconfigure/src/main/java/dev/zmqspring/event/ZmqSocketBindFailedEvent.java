package dev.zmqspring.event;

import dev.zmqspring.core.ZmqSocketType;

/**
 * A socket could not bind (or connect to) one of its addresses, typically because another process holds the port.
 * The listener, sender or device that opened it did not start.
 */
public class ZmqSocketBindFailedEvent extends ZmqSocketEvent {

	private final String error;

	public ZmqSocketBindFailedEvent(Object source, String endpointName, ZmqSocketType socketType, String address,
			String error) {
		super(source, endpointName, socketType, address);
		this.error = error;
	}

	/** What went wrong, with the fix. */
	public String getError() {
		return this.error;
	}

}
