package dev.zmqspring.listener;

import org.zeromq.ZMQ;

/**
 * What a container's receiving thread does with its socket until it is told to stop.
 */
interface ReceiveLoop {

	/**
	 * Receives and processes messages until {@link LoopControl#isStopping()} and the work
	 * in hand is done.
	 * @param socket the endpoint's socket, owned by the calling thread
	 */
	void run(ZMQ.Socket socket);

}
