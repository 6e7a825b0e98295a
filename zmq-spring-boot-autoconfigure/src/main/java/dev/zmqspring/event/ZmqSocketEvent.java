package dev.zmqspring.event;

import dev.zmqspring.core.ZmqSocketType;

/**
 * Something happened to one connection of an endpoint's socket, as JeroMQ reported it.
 */
public abstract class ZmqSocketEvent extends ZmqEvent {

	private final String endpointName;

	private final ZmqSocketType socketType;

	private final String address;

	protected ZmqSocketEvent(Object source, String endpointName, ZmqSocketType socketType, String address) {
		super(source);
		this.endpointName = endpointName;
		this.socketType = socketType;
		this.address = address;
	}

	/**
	 * The endpoint name (a key under {@code zmq.endpoints}, a listener id for inline
	 * endpoints, or a device side).
	 */
	public String getEndpointName() {
		return this.endpointName;
	}

	/** The endpoint's socket type. */
	public ZmqSocketType getSocketType() {
		return this.socketType;
	}

	/**
	 * The address of the socket's bind or connect, such as {@code tcp://127.0.0.1:5557}.
	 */
	public String getAddress() {
		return this.address;
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[endpoint=" + this.endpointName + ", type=" + this.socketType
				+ ", address=" + this.address + "]";
	}

}
