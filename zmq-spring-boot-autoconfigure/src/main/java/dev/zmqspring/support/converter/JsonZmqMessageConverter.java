package dev.zmqspring.support.converter;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default converter: {@code byte[]} as is, {@code String} as UTF-8, anything else as
 * UTF-8 JSON through a Jackson {@link JsonMapper} (Boot's, so {@code spring.jackson.*}
 * applies). Readers are built once per target type and writers once per class.
 */
public class JsonZmqMessageConverter extends SimpleZmqMessageConverter {

	private final JsonMapper mapper;

	private final ClassValue<ObjectWriter> writers = new ClassValue<>() {
		@Override
		protected ObjectWriter computeValue(Class<?> type) {
			return JsonZmqMessageConverter.this.mapper.writerFor(type);
		}
	};

	private final Map<Type, PayloadReader> readers = new ConcurrentHashMap<>();

	public JsonZmqMessageConverter(JsonMapper mapper) {
		this.mapper = mapper;
	}

	@Override
	protected byte[] toBytesOther(Object value) {
		try {
			return this.writers.get(value.getClass()).writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new ZmqConversionException(
					"Cannot write " + value.getClass().getName() + " as JSON: " + ex.getOriginalMessage(), ex);
		}
	}

	@Override
	protected PayloadReader readerForOther(Type targetType) {
		return this.readers.computeIfAbsent(targetType, this::createReader);
	}

	private PayloadReader createReader(Type targetType) {
		JavaType type = this.mapper.constructType(targetType);
		ObjectReader reader = this.mapper.readerFor(type);
		String typeName = type.toCanonical();
		return payload -> {
			try {
				return reader.readValue(payload);
			}
			catch (JacksonException ex) {
				throw new ZmqConversionException(
						"Payload is not valid JSON for " + typeName + ": " + ex.getOriginalMessage(), ex);
			}
		};
	}

}
