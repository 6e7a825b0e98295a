package dev.zmqspring.listener;

/**
 * Gets every message a listener could not process. Whatever it does, the container then
 * goes on with the next message; a REP/ROUTER listener has already been sent an error
 * reply. Declare one bean of this type to replace the default (which logs), or name a
 * bean in {@code @ZmqListener(errorHandler = "...")}.
 */
@FunctionalInterface
public interface ZmqListenerErrorHandler {

	/**
	 * Handles a failure.
	 * @param exception what failed, with the frames and the listener id
	 */
	void handleError(ZmqListenerException exception);

}
