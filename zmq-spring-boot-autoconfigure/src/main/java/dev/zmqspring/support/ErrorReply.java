package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reply a REP/ROUTER listener sends when it cannot answer (its method threw, or the
 * request could not be read), so that the client is never left waiting: one frame of
 * JSON, {@code {"zmq_error":{"code":"LISTENER_FAILED","message":"..."}}}. A Python client
 * reads it with {@code recv_json()}; a {@code ZmqTemplate} or publisher interface turns
 * it into a {@code ZmqRemoteException}. The message names only the exception type, never
 * its text, so that nothing internal leaks to the client.
 */
public final class ErrorReply {

	/** The listener method threw. */
	public static final String LISTENER_FAILED = "LISTENER_FAILED";

	/**
	 * The request could not be read (wrong frames, or a payload that does not convert).
	 */
	public static final String BAD_REQUEST = "BAD_REQUEST";

	/**
	 * The request was refused unread: the server held as many bytes of received messages
	 * as its {@code receive-buffer-budget} allows. Sending it again later may succeed.
	 */
	public static final String OVERLOADED = "OVERLOADED";

	private static final byte[] PREFIX = "{\"zmq_error\":".getBytes(StandardCharsets.UTF_8);

	private ErrorReply() {
	}

	/** Builds the error frame. */
	public static byte[] encode(String code, String message) {
		return ("{\"zmq_error\":{\"code\":\"" + code + "\",\"message\":\"" + escape(message) + "\"}}")
			.getBytes(StandardCharsets.UTF_8);
	}

	/** Whether a reply frame is an error reply. */
	public static boolean isErrorReply(byte[] frame) {
		return frame.length > PREFIX.length && Arrays.equals(frame, 0, PREFIX.length, PREFIX, 0, PREFIX.length);
	}

	/** Reads the code of an error reply. */
	public static String code(byte[] frame) {
		return field(new String(frame, StandardCharsets.UTF_8), "code");
	}

	/** Reads the message of an error reply. */
	public static String message(byte[] frame) {
		return field(new String(frame, StandardCharsets.UTF_8), "message");
	}

	private static String field(String json, String name) {
		String key = "\"" + name + "\":\"";
		int start = json.indexOf(key);
		if (start < 0) {
			return "";
		}
		start += key.length();
		StringBuilder value = new StringBuilder();
		for (int i = start; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '\\' && i + 1 < json.length()) {
				value.append(json.charAt(++i));
			}
			else if (c == '"') {
				break;
			}
			else {
				value.append(c);
			}
		}
		return value.toString();
	}

	private static String escape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				out.append('\\').append(c);
			}
			else if (c >= ' ') {
				out.append(c);
			}
		}
		return out.toString();
	}

}
