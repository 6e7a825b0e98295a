package dev.zmqspring.proxy;

import dev.zmqspring.core.ZmqSocketType;

/**
 * The devices of the ZeroMQ guide, which let many peers on one side meet many on the
 * other (N:M) through one stable address on each side.
 */
public enum ZmqProxyType {

	/**
	 * Publish/subscribe forwarder: publishers connect to the XSUB frontend, subscribers
	 * to the XPUB backend.
	 */
	FORWARDER(ZmqSocketType.XSUB, ZmqSocketType.XPUB),
	/**
	 * Pipeline streamer: pushers connect to the PULL frontend, pullers (workers) to the
	 * PUSH backend.
	 */
	STREAMER(ZmqSocketType.PULL, ZmqSocketType.PUSH),
	/**
	 * Request/reply broker: REQ clients connect to the ROUTER frontend, REP workers to
	 * the DEALER backend.
	 */
	QUEUE(ZmqSocketType.ROUTER, ZmqSocketType.DEALER);

	private final ZmqSocketType frontend;

	private final ZmqSocketType backend;

	ZmqProxyType(ZmqSocketType frontend, ZmqSocketType backend) {
		this.frontend = frontend;
		this.backend = backend;
	}

	/** The frontend socket type. */
	public ZmqSocketType frontend() {
		return this.frontend;
	}

	/** The backend socket type. */
	public ZmqSocketType backend() {
		return this.backend;
	}

}
