package dev.zmqspring.test;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;

/**
 * A message a {@link ZmqTestPeer} received from the application: its topic, its headers
 * and its payload, read with the application's own converter.
 */
public final class ZmqTestMessage {

	private final @Nullable String topic;

	private final Map<String, String> headers;

	private final byte[] payload;

	private final List<byte[]> frames;

	private final ZmqMessageConverter converter;

	ZmqTestMessage(@Nullable String topic, Map<String, String> headers, byte[] payload, List<byte[]> frames,
			ZmqMessageConverter converter) {
		this.topic = topic;
		this.headers = Map.copyOf(headers);
		this.payload = payload;
		this.frames = List.copyOf(frames);
		this.converter = converter;
	}

	/** The topic, for a message of a PUB endpoint that has one. */
	public @Nullable String getTopic() {
		return this.topic;
	}

	/**
	 * The headers of the headers frame, with those of the at-least-once protocol
	 * ({@code message_id}, {@code attempt}); empty without a headers frame.
	 */
	public Map<String, String> getHeaders() {
		return this.headers;
	}

	/** The payload's bytes. */
	public byte[] getPayload() {
		return this.payload.clone();
	}

	/** The payload as UTF-8 text. */
	public String getPayloadAsString() {
		return new String(this.payload, StandardCharsets.UTF_8);
	}

	/**
	 * The payload, read as the application's listeners would read it.
	 * @param <T> the type
	 * @param type the type
	 * @return the payload
	 */
	@SuppressWarnings("unchecked")
	public <T> @Nullable T getPayload(Class<T> type) {
		return (T) getPayload((Type) type);
	}

	/**
	 * The payload, read as the application's listeners would read it, for a generic type.
	 * @param type the type
	 * @return the payload
	 */
	public @Nullable Object getPayload(Type type) {
		return this.converter.readerFor(type).read(this.payload);
	}

	/** Every frame as it arrived, the routing envelope included. */
	public List<byte[]> getFrames() {
		return this.frames;
	}

	@Override
	public String toString() {
		return "ZmqTestMessage[topic=" + this.topic + ", headers=" + this.headers + ", payload="
				+ ((this.payload.length <= 200) ? getPayloadAsString() : this.payload.length + " bytes") + "]";
	}

}
