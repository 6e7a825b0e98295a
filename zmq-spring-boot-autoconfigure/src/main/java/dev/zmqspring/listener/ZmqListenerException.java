package dev.zmqspring.listener;

import java.util.List;

import dev.zmqspring.core.ZmqException;
import dev.zmqspring.support.ZmqMessage;
import org.jspecify.annotations.Nullable;

/**
 * A message that a listener could not process: its frames did not match the wire format,
 * its payload did not convert, or the listener method threw. Handed to the
 * {@link ZmqListenerErrorHandler}; the container goes on with the next message.
 */
public class ZmqListenerException extends ZmqException {

	private static final long serialVersionUID = 1L;

	private final String listenerId;

	private final transient List<byte[]> frames;

	private final transient @Nullable ZmqMessage zmqMessage;

	public ZmqListenerException(String listenerId, @Nullable String message, List<byte[]> frames,
			@Nullable ZmqMessage zmqMessage, @Nullable Throwable cause) {
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
	public @Nullable ZmqMessage getZmqMessage() {
		return this.zmqMessage;
	}

}
