package dev.zmqspring.core;

/**
 * The server's listener failed and answered with an error reply
 * ({@code {"zmq_error":{...}}}) instead of a result.
 */
public class ZmqRemoteException extends ZmqException {

	private static final long serialVersionUID = 1L;

	private final String code;

	public ZmqRemoteException(String code, String message) {
		super(message + " (" + code + ")");
		this.code = code;
	}

	/**
	 * The error code sent by the server, such as {@code LISTENER_FAILED} or
	 * {@code BAD_REQUEST}.
	 */
	public String getCode() {
		return this.code;
	}

}
