package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;
import org.jspecify.annotations.Nullable;

/**
 * Builds the frames of one outgoing message according to its endpoint's wire format (the
 * mirror of {@link ZmqFrameDecoder}): PUB sends {@code [topic][payload]}, or
 * {@code [payload]} when there is no topic, or {@code "topic<delimiter>payload"} as one
 * frame when a delimiter is configured; other types send {@code [payload]}; with
 * {@code headers-frame} a JSON headers frame precedes the payload.
 */
public final class ZmqFrameEncoder {

	private final ZmqEndpoint endpoint;

	private final HeadersFrameCodec headersCodec;

	public ZmqFrameEncoder(ZmqEndpoint endpoint, HeadersFrameCodec headersCodec) {
		this.endpoint = endpoint;
		this.headersCodec = headersCodec;
	}

	/**
	 * Encodes one message.
	 * @param topic the topic (PUB only), or {@code null}
	 * @param headers headers for the headers frame, or {@code null}
	 * @param payload the payload frame
	 * @return the frames to send, in order
	 */
	public byte[][] encode(@Nullable String topic, @Nullable Map<String, String> headers, byte[] payload) {
		boolean pub = this.endpoint.type() == ZmqSocketType.PUB;
		if (topic != null && !pub) {
			throw new IllegalArgumentException("Endpoint '" + this.endpoint.name() + "' is " + this.endpoint.type()
					+ ": only PUB endpoints carry a topic; send without a topic or use a PUB endpoint");
		}
		if (!this.endpoint.headersFrame() && headers != null && !headers.isEmpty()) {
			throw new IllegalArgumentException("Endpoint '" + this.endpoint.name() + "' sends no headers frame, so"
					+ " its messages cannot carry headers " + headers.keySet() + "; set "
					+ this.endpoint.settingName("headers-frame") + "=true (and on the receiving side), or send"
					+ " without headers");
		}
		byte[] headersFrame = this.endpoint.headersFrame()
				? this.headersCodec.encode((headers != null) ? headers : Map.of()) : null;
		if (pub && topic != null && this.endpoint.singleFrameTopic()) {
			byte[] prefix = (topic + this.endpoint.topicDelimiter()).getBytes(StandardCharsets.UTF_8);
			byte[] single = new byte[prefix.length + payload.length];
			System.arraycopy(prefix, 0, single, 0, prefix.length);
			System.arraycopy(payload, 0, single, prefix.length, payload.length);
			return new byte[][] { single };
		}
		int count = 1 + ((headersFrame != null) ? 1 : 0) + ((pub && (topic != null || headersFrame != null)) ? 1 : 0);
		byte[][] frames = new byte[count][];
		int i = 0;
		if (pub && (topic != null || headersFrame != null)) {
			frames[i++] = (topic != null) ? topic.getBytes(StandardCharsets.UTF_8) : new byte[0];
		}
		if (headersFrame != null) {
			frames[i++] = headersFrame;
		}
		frames[i] = payload;
		return frames;
	}

}
