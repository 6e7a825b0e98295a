package dev.zmqspring.event;

import dev.zmqspring.core.ZmqSocketType;

/**
 * A peer connected: a bound socket accepted a TCP connection, or a connecting socket
 * reached its peer.
 */
public class ZmqSocketConnectedEvent extends ZmqSocketEvent {

	private final int connectedPeers;

	public ZmqSocketConnectedEvent(Object source, String endpointName, ZmqSocketType socketType, String address,
			int connectedPeers) {
		super(source, endpointName, socketType, address);
		this.connectedPeers = connectedPeers;
	}

	/** The number of peers connected to the socket, this one included. */
	public int getConnectedPeers() {
		return this.connectedPeers;
	}

}
