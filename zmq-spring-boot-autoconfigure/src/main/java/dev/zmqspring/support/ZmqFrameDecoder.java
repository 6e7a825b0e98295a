package dev.zmqspring.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;

/**
 * Reads the frames of one received message according to its endpoint's wire format:
 * <ul>
 * <li>REP/ROUTER: {@code [envelope...][empty]} then the body;</li>
 * <li>SUB: {@code [topic][payload]}, or a single {@code [payload]} frame (topic
 * {@code null}), or with a topic delimiter a single {@code "topic<delimiter>payload"}
 * frame;</li>
 * <li>other types: {@code [payload]};</li>
 * <li>with {@code headers-frame}, a JSON object frame precedes the payload.</li>
 * </ul>
 */
public final class ZmqFrameDecoder {

	private final ZmqEndpoint endpoint;

	private final String socketType;

	private final HeadersFrameCodec headersCodec;

	public ZmqFrameDecoder(ZmqEndpoint endpoint, HeadersFrameCodec headersCodec) {
		this.endpoint = endpoint;
		this.socketType = endpoint.type().name();
		this.headersCodec = headersCodec;
	}

	/**
	 * Decodes one message.
	 * @param frames the frames as received
	 * @return the message
	 * @throws ZmqMessageFormatException when the frames do not match the endpoint's wire
	 * format
	 */
	public ZmqMessage decode(List<byte[]> frames) {
		int envelope = this.endpoint.type().repliesToRequests() ? envelopeSize(frames) : 0;
		int body = frames.size() - envelope;
		int headerFrames = this.endpoint.headersFrame() ? 1 : 0;
		String topic = null;
		int first = envelope;
		if (this.endpoint.type() == ZmqSocketType.SUB) {
			if (body == 1 && headerFrames == 0) {
				return singleFrameSubscription(frames, frames.get(envelope));
			}
			topic = new String(frames.get(first), StandardCharsets.UTF_8);
			first++;
			body--;
		}
		if (body != 1 + headerFrames) {
			throw new ZmqMessageFormatException("Endpoint '" + this.endpoint.name() + "' (" + this.socketType
					+ ") expected " + expectedFrames() + " but got " + (frames.size() - envelope) + " frame(s)");
		}
		Map<String, String> headers = (headerFrames == 1) ? this.headersCodec.decode(frames.get(first)) : Map.of();
		return new ZmqMessage(frames, envelope, topic, frames.get(frames.size() - 1), this.endpoint.name(),
				this.socketType, headers);
	}

	private ZmqMessage singleFrameSubscription(List<byte[]> frames, byte[] only) {
		String topic = null;
		byte[] payload = only;
		if (this.endpoint.singleFrameTopic()) {
			byte[] delimiter = this.endpoint.topicDelimiter().getBytes(StandardCharsets.UTF_8);
			int at = indexOf(only, delimiter);
			if (at >= 0) {
				topic = new String(only, 0, at, StandardCharsets.UTF_8);
				payload = java.util.Arrays.copyOfRange(only, at + delimiter.length, only.length);
			}
			else {
				topic = new String(only, StandardCharsets.UTF_8);
				payload = new byte[0];
			}
		}
		return new ZmqMessage(frames, 0, topic, payload, this.endpoint.name(), this.socketType, Map.of());
	}

	private String expectedFrames() {
		String headers = this.endpoint.headersFrame() ? "[headers]" : "";
		String topic = (this.endpoint.type() == ZmqSocketType.SUB) ? "[topic]" : "";
		return topic + headers + "[payload]";
	}

	/**
	 * Counts the routing envelope: every frame up to and including the first empty one. A
	 * DEALER client sends no delimiter; then only the identity frame that ROUTER put in
	 * front is the envelope.
	 */
	public static int envelopeSize(List<byte[]> frames) {
		for (int i = 0; i < frames.size() - 1; i++) {
			if (frames.get(i).length == 0) {
				return i + 1;
			}
		}
		return 1;
	}

	private static int indexOf(byte[] data, byte[] part) {
		outer: for (int i = 0; i <= data.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (data[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
