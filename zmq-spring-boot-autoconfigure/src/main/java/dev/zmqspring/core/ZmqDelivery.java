package dev.zmqspring.core;

/**
 * The delivery guarantee of an endpoint ({@code zmq.endpoints.<name>.delivery}).
 */
public enum ZmqDelivery {

	/**
	 * Plain ZeroMQ: messages live in memory and may be lost when a process dies or a PUB
	 * drops them.
	 */
	AT_MOST_ONCE,

	/**
	 * Acknowledged, durable delivery over DEALER (sender) and ROUTER or REP (receiver):
	 * the sender first stores each message in an outbox table (in the caller's
	 * transaction), then sends it with a unique message id and re-sends it with back-off
	 * until the receiver acknowledges it. The receiver acknowledges after its listener
	 * returns (and its transaction commits). A receiver may see a message more than once;
	 * an idempotent listener processes it once.
	 */
	AT_LEAST_ONCE

}
