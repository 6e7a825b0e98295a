package dev.zmqspring.event;

import dev.zmqspring.core.ZmqSocketType;
import org.jspecify.annotations.Nullable;

/**
 * A socket could not bind (or connect to) one of its addresses, typically because another
 * process holds the port. The listener, sender or device that opened it did not start.
 */
public class ZmqSocketBindFailedEvent extends ZmqSocketEvent {

	private final @Nullable String error;

	public ZmqSocketBindFailedEvent(Object source, String endpointName, ZmqSocketType socketType, String address,
			@Nullable String error) {
		super(source, endpointName, socketType, address);
		this.error = error;
	}

	/** What went wrong, with the fix. */
	public @Nullable String getError() {
		return this.error;
	}

}
