package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.converter.ZmqConversionException;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.Validator;

/**
 * Adapts a bean method to {@link ZmqMessageListener}. How each parameter is filled is
 * worked out once, when the listener is created; per message only the prepared resolvers
 * run, and a {@link MethodCaller} calls the method.
 */
public final class MethodZmqMessageListener implements ZmqMessageListener {

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final MethodCaller caller;

	private final @Nullable Class<?> payloadType;

	/**
	 * Prepares a method, without validation.
	 * @param bean the bean to invoke on (may be a proxy)
	 * @param method the method, invocable on the bean
	 * @param converter the converter for the payload parameter
	 * @throws IllegalStateException naming the method and the fix when a parameter cannot
	 * be bound
	 */
	public MethodZmqMessageListener(Object bean, Method method, ZmqMessageConverter converter) {
		this(bean, method, converter, null);
	}

	/**
	 * Prepares a method.
	 * @param bean the bean to invoke on (may be a proxy)
	 * @param method the method, invocable on the bean
	 * @param converter the converter for the payload parameter
	 * @param validator what validates a payload annotated with {@code @Valid} or
	 * {@code @Validated}, or {@code null} when there is none
	 * @throws IllegalStateException naming the method and the fix when a parameter cannot
	 * be bound
	 */
	public MethodZmqMessageListener(Object bean, Method method, ZmqMessageConverter converter,
			@Nullable Validator validator) {
		this(bean, method, converter, validator, UnaryOperator.identity());
	}

	/**
	 * Prepares a method.
	 * @param bean the bean to invoke on (may be a proxy)
	 * @param method the method, invocable on the bean
	 * @param converter the converter for the payload parameter
	 * @param validator what validates a payload annotated with {@code @Valid} or
	 * {@code @Validated}, or {@code null} when there is none
	 * @param resolver resolves placeholders and expressions in {@code @Header} names and
	 * default values
	 * @throws IllegalStateException naming the method and the fix when a parameter cannot
	 * be bound
	 */
	public MethodZmqMessageListener(Object bean, Method method, ZmqMessageConverter converter,
			@Nullable Validator validator, UnaryOperator<String> resolver) {
		this.method = method;
		ReflectionUtils.makeAccessible(method);
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ArgumentResolver[parameters.length];
		int payloadIndex = payloadIndex(parameters);
		Class<?> payload = null;
		for (int i = 0; i < parameters.length; i++) {
			if (i == payloadIndex) {
				payload = ClassUtils.resolvePrimitiveIfNecessary(parameters[i].getType());
			}
			else if (payload == null && parameters[i].getType() == Message.class) {
				payload = ResolvableType.forMethodParameter(new MethodParameter(method, i)).getGeneric(0).resolve();
			}
			this.resolvers[i] = (i == payloadIndex)
					? payloadResolver(new MethodParameter(method, i), converter, validator)
					: otherResolver(parameters[i], new MethodParameter(method, i), converter, validator, resolver);
		}
		this.caller = MethodCaller.of(bean, method);
		this.payloadType = payload;
	}

	/**
	 * The payload parameter: the one annotated with {@code @Payload}, or else the one
	 * that nothing else claims; at most one.
	 * @return its index, or -1
	 */
	private int payloadIndex(Parameter[] parameters) {
		int annotated = -1;
		int unclaimed = -1;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			if (parameter.isAnnotationPresent(Payload.class)) {
				if (parameter.getType() == Message.class) {
					throw new IllegalStateException(
							"@ZmqListener method " + describe(this.method) + ": parameter '" + parameter.getName()
									+ "' is a Message, which carries the payload itself; remove" + " @Payload");
				}
				if (annotated >= 0) {
					throw new IllegalStateException("@ZmqListener method " + describe(this.method)
							+ " has more than one @Payload parameter; keep one");
				}
				annotated = i;
			}
			else if (!claimed(parameter)) {
				if (unclaimed >= 0) {
					throw new IllegalStateException("@ZmqListener method " + describe(this.method)
							+ " has more than one payload parameter ('" + parameter.getName() + "'); keep one, and"
							+ " annotate the others with @Header, @Headers, @ZmqTopic or @ZmqHeader, or declare them as"
							+ " ZmqHeaders, MessageHeaders, Message or ZmqMessage");
				}
				unclaimed = i;
			}
		}
		if (annotated >= 0 && unclaimed >= 0) {
			throw new IllegalStateException("@ZmqListener method " + describe(this.method) + ": parameter '"
					+ parameters[unclaimed].getName() + "' is neither the @Payload nor a header; annotate it with"
					+ " @Header or @Headers, or remove it");
		}
		return (annotated >= 0) ? annotated : unclaimed;
	}

	/** Whether a parameter is filled from something else than the payload. */
	private static boolean claimed(Parameter parameter) {
		Class<?> type = parameter.getType();
		return parameter.isAnnotationPresent(ZmqTopic.class) || parameter.isAnnotationPresent(ZmqHeader.class)
				|| parameter.isAnnotationPresent(Header.class) || parameter.isAnnotationPresent(Headers.class)
				|| type == ZmqMessage.class || type == ZmqHeaders.class || type == MessageHeaders.class
				|| type == Message.class;
	}

	private ArgumentResolver payloadResolver(MethodParameter parameter, ZmqMessageConverter converter,
			@Nullable Validator validator) {
		ZmqMessageConverter.PayloadReader converting = converter.readerFor(parameter.getGenericParameterType());
		Payload annotation = parameter.getParameterAnnotation(Payload.class);
		ZmqMessageConverter.PayloadReader reader = (annotation != null && annotation.required())
				? (payload) -> required(converting.read(payload)) : converting;
		PayloadValidation validation = PayloadValidation.of(parameter, validator, describe(this.method));
		if (validation == null) {
			return message -> reader.read(message.getPayload());
		}
		return message -> validation.validate(reader.read(message.getPayload()), message);
	}

	private ArgumentResolver otherResolver(Parameter parameter, MethodParameter methodParameter,
			ZmqMessageConverter converter, @Nullable Validator validator, UnaryOperator<String> resolver) {
		Class<?> type = parameter.getType();
		if (parameter.isAnnotationPresent(ZmqTopic.class)) {
			requireString(parameter, "@ZmqTopic");
			return ZmqMessage::getTopic;
		}
		if (parameter.isAnnotationPresent(ZmqHeader.class)) {
			requireString(parameter, "@ZmqHeader");
			String name = parameter.getAnnotation(ZmqHeader.class).value();
			return message -> message.getHeaders().get(name);
		}
		if (parameter.isAnnotationPresent(Header.class)) {
			return HeaderArgument.of(methodParameter, parameter.getAnnotation(Header.class), describe(this.method),
					resolver);
		}
		if (parameter.isAnnotationPresent(Headers.class) || type == MessageHeaders.class) {
			if (type == MessageHeaders.class) {
				return message -> new MessageHeaders(new LinkedHashMap<>(message.getHeaders().asMap()));
			}
			if (!type.isAssignableFrom(Map.class)) {
				throw new IllegalStateException("@ZmqListener method " + describe(this.method) + ": parameter '"
						+ parameter.getName() + "' with @Headers must be a Map<String, Object> or MessageHeaders");
			}
			return message -> new LinkedHashMap<String, Object>(message.getHeaders().asMap());
		}
		if (type == ZmqMessage.class) {
			return message -> message;
		}
		if (type == ZmqHeaders.class) {
			return ZmqMessage::getHeaders;
		}
		return messageResolver(methodParameter, converter,
				PayloadValidation.of(methodParameter, validator, describe(this.method)));
	}

	/** A payload that {@code @Payload} requires: JSON {@code null} is not one. */
	private static Object required(@Nullable Object payload) {
		if (payload == null) {
			throw new ZmqConversionException("The payload is JSON null, but the listener requires one; declare"
					+ " @Payload(required = false) to take null", null);
		}
		return payload;
	}

	/**
	 * A {@code Message<T>}: the payload read as {@code T} (and validated when the
	 * parameter is annotated with {@code @Valid}), and all the headers.
	 */
	private static ArgumentResolver messageResolver(MethodParameter parameter, ZmqMessageConverter converter,
			@Nullable PayloadValidation validation) {
		ResolvableType payload = ResolvableType.forMethodParameter(parameter).getGeneric(0);
		Class<?> raw = payload.resolve();
		ZmqMessageConverter.PayloadReader reader = converter
			.readerFor((raw == null || raw == Object.class) ? byte[].class : payload.getType());
		return message -> {
			Object value = reader.read(message.getPayload());
			if (value == null) {
				throw new ZmqConversionException("The payload is JSON null, which a Message cannot carry; declare"
						+ " the payload as a parameter of its own to receive null", null);
			}
			if (validation != null) {
				validation.validate(value, message);
			}
			return MessageBuilder.createMessage(value,
					new MessageHeaders(new LinkedHashMap<String, Object>(message.getHeaders().asMap())));
		};
	}

	@Override
	public @Nullable Object onMessage(ZmqMessage message) throws Exception {
		ArgumentResolver[] resolvers = this.resolvers;
		// One call per arity, so that the common methods need no argument array.
		return switch (resolvers.length) {
			case 0 -> this.caller.call();
			case 1 -> this.caller.call(resolvers[0].resolve(message));
			case 2 -> this.caller.call(resolvers[0].resolve(message), resolvers[1].resolve(message));
			default -> {
				@Nullable Object[] arguments = new Object[resolvers.length];
				for (int i = 0; i < arguments.length; i++) {
					arguments[i] = resolvers[i].resolve(message);
				}
				yield this.caller.call(arguments);
			}
		};
	}

	/** The method. */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Whether the method returns a value that completes later (a {@code CompletionStage}
	 * or a {@code Mono}).
	 */
	public boolean returnsPromise() {
		return Promises.isPromise(this.method.getReturnType());
	}

	/**
	 * The type the payload is read as (of the payload parameter, or of a
	 * {@code Message<T>} parameter), or {@code null} when the method takes none.
	 */
	public @Nullable Class<?> getPayloadType() {
		return this.payloadType;
	}

	private void requireString(Parameter parameter, String annotation) {
		if (parameter.getType() != String.class) {
			throw new IllegalStateException(
					"@ZmqListener method " + describe(this.method) + ": parameter '" + parameter.getName() + "' with "
							+ annotation + " must be a String, not " + parameter.getType().getSimpleName());
		}
	}

	/** Fills one parameter from a message. */
	@FunctionalInterface
	interface ArgumentResolver {

		@Nullable Object resolve(ZmqMessage message);

	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

}
