package dev.zmqspring.patterns.pair;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * The sending half of one end of a PAIR link.
 */
@ZmqPublisher(endpoint = "left-out")
public interface PairPeer {

	/** Sends one message to the peer. */
	void send(String text);

}
