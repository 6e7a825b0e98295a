package dev.zmqspring.listener;

import java.util.Optional;
import java.util.function.UnaryOperator;

import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.ZmqMessageFormatException;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.core.convert.support.DefaultConversionService;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.ValueConstants;
import org.springframework.util.ClassUtils;

/**
 * A parameter annotated with spring-messaging's {@link Header}: one header, converted to
 * the parameter's type ({@code int}, {@code long}, {@code UUID}, {@code Instant}...) with
 * Spring's default conversion service. A required header that is missing, or one that
 * cannot be converted, makes the message malformed.
 */
final class HeaderArgument {

	private static final TypeDescriptor STRING = TypeDescriptor.valueOf(String.class);

	private HeaderArgument() {
	}

	/**
	 * @param resolver resolves placeholders and expressions in the header's name and
	 * default value, as spring-messaging does
	 */
	static MethodZmqMessageListener.ArgumentResolver of(MethodParameter parameter, Header header, String where,
			UnaryOperator<String> resolver) {
		String name = !header.name().isEmpty() ? resolver.apply(header.name())
				: !header.value().isEmpty() ? resolver.apply(header.value()) : parameter.getParameterName();
		if (name != null && name.isEmpty() && (!header.name().isEmpty() || !header.value().isEmpty())) {
			throw new IllegalStateException(
					"@ZmqListener method " + where + ": @Header on parameter " + parameter.getParameterIndex()
							+ " names '" + (header.name().isEmpty() ? header.value() : header.name())
							+ "', which resolves to nothing; give the header a name");
		}
		if (name == null || name.isEmpty()) {
			throw new IllegalStateException("@ZmqListener method " + where + ": @Header on parameter "
					+ parameter.getParameterIndex() + " needs a name (@Header(\"name\")), since the class was compiled"
					+ " without -parameters");
		}
		String defaultValue = ValueConstants.DEFAULT_NONE.equals(header.defaultValue()) ? null
				: resolver.apply(header.defaultValue());
		boolean optional = parameter.getParameterType() == Optional.class;
		boolean required = header.required() && defaultValue == null && !optional;
		TypeDescriptor target = new TypeDescriptor(parameter);
		if (!required && defaultValue == null && parameter.getParameterType().isPrimitive()) {
			throw new IllegalStateException("@ZmqListener method " + where + ": optional header '" + name
					+ "' cannot be a " + parameter.getParameterType() + ", which has no value for a missing header;"
					+ " declare it as "
					+ ClassUtils.resolvePrimitiveIfNecessary(parameter.getParameterType()).getSimpleName()
					+ ", or give it a defaultValue");
		}
		ConversionService conversion = DefaultConversionService.getSharedInstance();
		if (!conversion.canConvert(STRING, target)) {
			throw new IllegalStateException("@ZmqListener method " + where + ": header '" + name
					+ "' is a String on the wire and cannot be converted to " + target + "; declare the parameter as"
					+ " String, or as a type Spring converts Strings to");
		}
		Object absent = optional ? Optional.empty() : null;
		return (message) -> resolve(message, name, defaultValue, required, target, conversion, absent);
	}

	/**
	 * The header's value converted; an empty one counts as missing unless the parameter
	 * is a String, as in spring-messaging.
	 */
	private static @Nullable Object resolve(ZmqMessage message, String name, @Nullable String defaultValue,
			boolean required, TypeDescriptor target, ConversionService conversion, @Nullable Object absent) {
		String value = message.getHeaders().get(name);
		if (value == null || (value.isEmpty() && target.getType() != String.class)) {
			value = defaultValue;
		}
		Object converted;
		try {
			converted = (value != null) ? conversion.convert(value, STRING, target) : null;
		}
		catch (ConversionException ex) {
			throw new ZmqMessageFormatException(
					"Header '" + name + "' cannot be read as " + target.getType().getSimpleName(), ex);
		}
		if (converted == null) {
			if (required) {
				throw new ZmqMessageFormatException(
						"The message has no header '" + name + "', which the listener requires");
			}
			return absent;
		}
		return converted;
	}

}
