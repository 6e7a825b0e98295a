package dev.zmqspring.listener;

/**
 * Told about every message a listener container processed, on the thread that processed
 * it: metrics use it to time listeners. Keep it quick, it runs between two messages.
 *
 * @see ZmqListenerContainer#setListenerObserver(ZmqListenerObserver)
 */
@FunctionalInterface
public interface ZmqListenerObserver {

	/**
	 * Called after a message was processed.
	 * @param durationNanos how long decoding, the listener method and building the reply
	 * took
	 * @param failed whether the message failed (it went to the error handler, or an error
	 * escaped)
	 */
	void processed(long durationNanos, boolean failed);

}
