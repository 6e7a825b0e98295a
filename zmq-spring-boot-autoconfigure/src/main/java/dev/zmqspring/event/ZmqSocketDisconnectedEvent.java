package dev.zmqspring.event;

import dev.zmqspring.core.ZmqSocketType;

/**
 * A connection ended without the socket being closed: the peer went away, stopped
 * answering heartbeats, or sent something JeroMQ would not accept. A connecting socket
 * reconnects on its own.
 */
public class ZmqSocketDisconnectedEvent extends ZmqSocketEvent {

	private final int connectedPeers;

	public ZmqSocketDisconnectedEvent(Object source, String endpointName, ZmqSocketType socketType, String address,
			int connectedPeers) {
		super(source, endpointName, socketType, address);
		this.connectedPeers = connectedPeers;
	}

	/** The number of peers still connected to the socket. */
	public int getConnectedPeers() {
		return this.connectedPeers;
	}

}
