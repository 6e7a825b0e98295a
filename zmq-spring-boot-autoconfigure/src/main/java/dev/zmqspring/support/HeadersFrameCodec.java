package dev.zmqspring.support;

import java.util.Map;

import dev.zmqspring.support.converter.ZmqConversionException;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;

/**
 * Writes and reads the optional headers frame: one JSON object whose values are strings,
 * such as {@code {"message_id":"42"}}.
 */
public final class HeadersFrameCodec {

	private final ZmqMessageConverter converter;

	private volatile ZmqMessageConverter.@Nullable PayloadReader reader;

	public HeadersFrameCodec(ZmqMessageConverter converter) {
		this.converter = converter;
	}

	/** Writes headers as a frame. */
	public byte[] encode(Map<String, String> headers) {
		return this.converter.toBytes(headers);
	}

	/**
	 * Reads a headers frame.
	 * @throws ZmqMessageFormatException when the frame is not a JSON object of strings
	 */
	@SuppressWarnings("unchecked")
	public Map<String, String> decode(byte[] frame) {
		try {
			Object value = reader().read(frame);
			if (value == null) {
				throw new ZmqMessageFormatException("The headers frame is empty; send a JSON object such as {}");
			}
			return (Map<String, String>) value;
		}
		catch (ZmqConversionException ex) {
			throw new ZmqMessageFormatException("The headers frame is not a JSON object of strings: " + ex.getMessage(),
					ex);
		}
	}

	private ZmqMessageConverter.PayloadReader reader() {
		ZmqMessageConverter.PayloadReader result = this.reader;
		if (result == null) {
			result = this.converter
				.readerFor(ResolvableType.forClassWithGenerics(Map.class, String.class, String.class).getType());
			this.reader = result;
		}
		return result;
	}

}
