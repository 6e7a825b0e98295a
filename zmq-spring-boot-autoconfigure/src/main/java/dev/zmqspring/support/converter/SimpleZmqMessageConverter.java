package dev.zmqspring.support.converter;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Converts {@code byte[]} (as is) and {@code String} (UTF-8) payloads. Used alone when
 * Jackson is not on the classpath; the JSON converter extends it.
 */
public class SimpleZmqMessageConverter implements ZmqMessageConverter {

	private static final PayloadReader BYTES = payload -> payload;

	private static final PayloadReader STRING = payload -> new String(payload, StandardCharsets.UTF_8);

	@Override
	public byte[] toBytes(Object value) {
		if (value instanceof byte[] bytes) {
			return bytes;
		}
		if (value instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		return toBytesOther(value);
	}

	@Override
	public PayloadReader readerFor(Type targetType) {
		if (targetType == byte[].class) {
			return BYTES;
		}
		if (targetType == String.class || targetType == CharSequence.class) {
			return STRING;
		}
		return readerForOther(targetType);
	}

	/**
	 * Converts a value that is neither {@code byte[]} nor text. This class cannot.
	 */
	protected byte[] toBytesOther(Object value) {
		throw new ZmqConversionException(
				"Cannot convert " + value.getClass().getName()
						+ " to a frame without Jackson; add spring-boot-starter-jackson or send byte[] or String",
				null);
	}

	/**
	 * Returns a reader for a type that is neither {@code byte[]} nor text. This class has
	 * none.
	 */
	protected PayloadReader readerForOther(Type targetType) {
		throw new IllegalStateException("Cannot read payloads of type " + targetType.getTypeName()
				+ " without Jackson; add spring-boot-starter-jackson or declare the parameter as byte[] or String");
	}

}
