package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.ZmqException;
import dev.zmqspring.support.ZmqMessage;

/**
 * A message that a listener could not process: its frames did not match the wire format, its payload did not
 * convert, or the listener method threw. Handed to the {@link ZmqListenerErrorHandler}; the container goes on with
 * the next message.
 */
public class ZmqListenerException extends ZmqException {

	private static final long serialVersionUID = 1L;

	private final String listenerId;

	private final transient List<byte[]> frames;

	private final transient ZmqMessage zmqMessage;

	public ZmqListenerException(String listenerId, String message, List<byte[]> frames, ZmqMessage zmqMessage,
			Throwable cause) {
		super("Listener '" + listenerId + "': " + message, cause);
		this.listenerId = listenerId;
		this.frames = frames;
		this.zmqMessage = zmqMessage;
	}

	/** The id of the listener container. */
	public String getListenerId() {
		return this.listenerId;
	}

	/** The frames as received. */
	public List<byte[]> getFrames() {
		return this.frames;
	}

	/** The decoded message, or {@code null} when the frames could not be decoded. */
	public ZmqMessage getZmqMessage() {
		return this.zmqMessage;
	}

}
