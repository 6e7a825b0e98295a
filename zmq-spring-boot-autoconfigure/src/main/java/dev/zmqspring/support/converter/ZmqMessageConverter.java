package dev.zmqspring.support.converter;

import java.lang.reflect.Type;

import org.jspecify.annotations.Nullable;

/**
 * Turns payloads into frame bytes and back. The target type of a received payload always
 * comes from the listener's declared parameter (or the publisher method's return type),
 * never from the message, so a peer cannot choose which class is instantiated.
 * <p>
 * Declare a bean of this type to replace the default, which maps {@code byte[]} as is,
 * {@code String} as UTF-8 and every other type as JSON through Boot's Jackson
 * {@code JsonMapper}.
 */
public interface ZmqMessageConverter {

	/**
	 * Converts a value to the bytes of one frame.
	 * @param value the value, never {@code null}
	 * @return the frame's bytes
	 * @throws ZmqConversionException when the value cannot be written
	 */
	byte[] toBytes(Object value);

	/**
	 * Returns a reader for one target type. Called once per listener parameter or
	 * publisher method, at startup, so that no lookup happens per message.
	 * @param targetType the declared type, possibly generic
	 * @return a reader that converts frame bytes to that type
	 */
	PayloadReader readerFor(Type targetType);

	/**
	 * Converts the bytes of one frame to a value of a fixed type.
	 */
	@FunctionalInterface
	interface PayloadReader {

		/**
		 * Reads a payload.
		 * @param payload the frame's bytes
		 * @return the value (JSON {@code null} reads as {@code null})
		 * @throws ZmqConversionException when the bytes are not a valid value of the type
		 */
		@Nullable Object read(byte[] payload);

	}

}
