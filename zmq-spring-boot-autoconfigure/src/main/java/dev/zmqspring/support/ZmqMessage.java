package dev.zmqspring.support;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * One received multipart message: the raw frames as they came off the socket, and what
 * the starter read from them. Declare a listener parameter of this type to see
 * everything.
 */
public final class ZmqMessage {

	private final List<byte[]> frames;

	private final int envelopeSize;

	private final @Nullable String topic;

	private final byte[] payload;

	private final String endpoint;

	private final String socketType;

	private final Map<String, String> wireHeaders;

	private @Nullable ZmqHeaders headers;

	/**
	 * Creates a message.
	 * @param frames every frame as received
	 * @param envelopeSize how many leading frames are the routing envelope
	 * @param topic the topic, or {@code null}
	 * @param payload the payload frame
	 * @param endpoint the name of the receiving endpoint
	 * @param socketType the receiving socket type
	 * @param wireHeaders the headers carried in a headers frame (may be empty)
	 */
	public ZmqMessage(List<byte[]> frames, int envelopeSize, @Nullable String topic, byte[] payload, String endpoint,
			String socketType, Map<String, String> wireHeaders) {
		this.frames = frames;
		this.envelopeSize = envelopeSize;
		this.topic = topic;
		this.payload = payload;
		this.endpoint = endpoint;
		this.socketType = socketType;
		this.wireHeaders = wireHeaders;
	}

	/** Every frame as received, routing envelope included. Do not modify. */
	public List<byte[]> getFrames() {
		return this.frames;
	}

	/**
	 * The routing envelope of a request (REP/ROUTER listeners): the frames the reply must
	 * carry back, up to and including the empty delimiter. Empty for other socket types.
	 */
	public List<byte[]> getEnvelope() {
		return this.frames.subList(0, this.envelopeSize);
	}

	/**
	 * The routing identity of the client that sent a request (ROUTER/REP listeners), or
	 * {@code null}.
	 */
	public byte @Nullable [] getIdentity() {
		return (this.envelopeSize > 0) ? this.frames.get(0) : null;
	}

	/** The topic of a PUB/SUB message, or {@code null}. */
	public @Nullable String getTopic() {
		return this.topic;
	}

	/** The payload frame. */
	public byte[] getPayload() {
		return this.payload;
	}

	/**
	 * The headers: the receiving side's facts plus those of a headers frame. Built on
	 * first use.
	 */
	public ZmqHeaders getHeaders() {
		ZmqHeaders result = this.headers;
		if (result == null) {
			Map<String, String> values = new LinkedHashMap<>(this.wireHeaders);
			values.put(ZmqHeaders.ENDPOINT, this.endpoint);
			values.put(ZmqHeaders.SOCKET_TYPE, this.socketType);
			if (this.topic != null) {
				values.put(ZmqHeaders.TOPIC, this.topic);
			}
			byte[] identity = getIdentity();
			if (identity != null) {
				values.put(ZmqHeaders.IDENTITY, HexFormat.of().formatHex(identity));
			}
			result = ZmqHeaders.of(values);
			this.headers = result;
		}
		return result;
	}

	@Override
	public String toString() {
		return "ZmqMessage[endpoint=" + this.endpoint + ", frames=" + this.frames.size() + ", topic=" + this.topic
				+ ", payload=" + this.payload.length + " bytes]";
	}

}
