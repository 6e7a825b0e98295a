package dev.zmqspring.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes and reads the optional headers frame: one JSON object whose values are strings,
 * in UTF-8, such as {@code {"message_id":"42"}}. Its own fixed format, whatever the
 * payload converter (an application without Jackson, or with a binary converter, has
 * headers too), of at most {@link #MAX_BYTES} bytes and {@link #MAX_HEADERS} headers.
 * Header names starting with {@value #RESERVED_PREFIX} are the receiving side's own facts
 * ({@link ZmqHeaders#TOPIC}, {@link ZmqHeaders#IDENTITY}...): no sender may set them, so
 * a peer cannot pass for another endpoint, topic or client.
 * <p>
 * Internal: not for application code.
 */
public final class HeadersFrameCodec {

	/** The most bytes a headers frame may have. */
	public static final int MAX_BYTES = 8 * 1024;

	/** The most headers a headers frame may carry. */
	public static final int MAX_HEADERS = 64;

	/** What the names of the headers only the receiving side sets start with. */
	public static final String RESERVED_PREFIX = "zmq_";

	/**
	 * Writes headers as a frame.
	 * @throws IllegalArgumentException naming the limit or the header, when the headers
	 * are too many or too large, or one has a reserved name
	 */
	public byte[] encode(Map<String, String> headers) {
		if (headers.size() > MAX_HEADERS) {
			throw new IllegalArgumentException("A message may carry at most " + MAX_HEADERS + " headers, not "
					+ headers.size() + "; put what does not fit in the payload");
		}
		for (Map.Entry<String, String> header : headers.entrySet()) {
			String name = header.getKey();
			if (name == null || header.getValue() == null) {
				throw new IllegalArgumentException(
						"Header '" + name + "' has no name or no value; a header is a" + " name and a text value");
			}
			if (name.startsWith(RESERVED_PREFIX)) {
				throw new IllegalArgumentException("Header '" + name + "' cannot be sent: names starting with '"
						+ RESERVED_PREFIX + "' are set by the receiving side; rename it");
			}
		}
		byte[] frame = HeadersJson.write(headers).getBytes(StandardCharsets.UTF_8);
		if (frame.length > MAX_BYTES) {
			throw new IllegalArgumentException("The headers take " + frame.length + " bytes as JSON, more than the "
					+ MAX_BYTES + " a headers frame may have; put what does not fit in the payload");
		}
		return frame;
	}

	/**
	 * Reads a headers frame.
	 * @throws ZmqMessageFormatException when the frame is not a JSON object of strings in
	 * UTF-8 within the limits, or sets a reserved header
	 */
	public Map<String, String> decode(byte[] frame) {
		if (frame.length > MAX_BYTES) {
			throw new ZmqMessageFormatException(
					"The headers frame has " + frame.length + " bytes, more than the " + MAX_BYTES + " it may have");
		}
		Map<String, String> headers;
		try {
			headers = HeadersJson.read(StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(frame))
				.toString());
		}
		catch (CharacterCodingException ex) {
			throw new ZmqMessageFormatException("The headers frame is not UTF-8", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new ZmqMessageFormatException(
					"The headers frame is not a JSON object of strings, such as {\"source\":\"web\"}: "
							+ ex.getMessage(),
					ex);
		}
		if (headers.size() > MAX_HEADERS) {
			throw new ZmqMessageFormatException(
					"The headers frame has " + headers.size() + " headers, more than the " + MAX_HEADERS + " allowed");
		}
		for (String name : headers.keySet()) {
			if (name.startsWith(RESERVED_PREFIX)) {
				throw new ZmqMessageFormatException("The headers frame sets '" + name + "': names starting with '"
						+ RESERVED_PREFIX + "' are set by the receiving side only");
			}
		}
		return headers;
	}

}
