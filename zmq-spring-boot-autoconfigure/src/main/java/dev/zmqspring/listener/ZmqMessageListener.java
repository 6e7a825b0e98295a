package dev.zmqspring.listener;

import dev.zmqspring.support.ZmqMessage;
import org.jspecify.annotations.Nullable;

/**
 * Receives one message. The {@code @ZmqListener} annotation adapts a bean method to this
 * interface; implement it directly to register a listener programmatically.
 */
@FunctionalInterface
public interface ZmqMessageListener {

	/**
	 * Handles one message.
	 * @param message the message
	 * @return the reply payload for REP/ROUTER listeners ({@code byte[]}, {@code String}
	 * or an object to be written as JSON), or {@code null}
	 * @throws Exception any failure; it is passed to the error handler and the next
	 * message is processed
	 */
	@Nullable Object onMessage(ZmqMessage message) throws Exception;

}
