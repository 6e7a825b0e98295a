package dev.zmqspring.listener;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqTopic;
import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ReflectionUtils;

/**
 * Adapts a bean method to {@link ZmqMessageListener}. How each parameter is filled is
 * worked out once, when the listener is created; per message only the prepared resolvers
 * run, and a {@link MethodCaller} calls the method.
 */
public final class MethodZmqMessageListener implements ZmqMessageListener {

	private final Method method;

	private final ArgumentResolver[] resolvers;

	private final MethodCaller caller;

	/**
	 * Prepares a method.
	 * @param bean the bean to invoke on (may be a proxy)
	 * @param method the method, invocable on the bean
	 * @param converter the converter for the payload parameter
	 * @throws IllegalStateException naming the method and the fix when a parameter cannot
	 * be bound
	 */
	public MethodZmqMessageListener(Object bean, Method method, ZmqMessageConverter converter) {
		this.method = method;
		ReflectionUtils.makeAccessible(method);
		Parameter[] parameters = method.getParameters();
		this.resolvers = new ArgumentResolver[parameters.length];
		boolean payloadSeen = false;
		for (int i = 0; i < parameters.length; i++) {
			Parameter parameter = parameters[i];
			Class<?> type = parameter.getType();
			if (parameter.isAnnotationPresent(ZmqTopic.class)) {
				requireString(parameter, "@ZmqTopic");
				this.resolvers[i] = ZmqMessage::getTopic;
			}
			else if (parameter.isAnnotationPresent(ZmqHeader.class)) {
				requireString(parameter, "@ZmqHeader");
				String name = parameter.getAnnotation(ZmqHeader.class).value();
				this.resolvers[i] = message -> message.getHeaders().get(name);
			}
			else if (type == ZmqMessage.class) {
				this.resolvers[i] = message -> message;
			}
			else if (type == ZmqHeaders.class) {
				this.resolvers[i] = ZmqMessage::getHeaders;
			}
			else {
				if (payloadSeen) {
					throw new IllegalStateException(
							"@ZmqListener method " + describe(method) + " has more than one payload parameter ('"
									+ parameter.getName() + "'); keep one, and annotate the others with"
									+ " @ZmqTopic or @ZmqHeader, or declare them as ZmqHeaders or ZmqMessage");
				}
				payloadSeen = true;
				ZmqMessageConverter.PayloadReader reader = converter.readerFor(parameter.getParameterizedType());
				this.resolvers[i] = message -> reader.read(message.getPayload());
			}
		}
		this.caller = MethodCaller.of(bean, method);
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

	private void requireString(Parameter parameter, String annotation) {
		if (parameter.getType() != String.class) {
			throw new IllegalStateException(
					"@ZmqListener method " + describe(this.method) + ": parameter '" + parameter.getName() + "' with "
							+ annotation + " must be a String, not " + parameter.getType().getSimpleName());
		}
	}

	/** Fills one parameter from a message. */
	@FunctionalInterface
	private interface ArgumentResolver {

		@Nullable Object resolve(ZmqMessage message);

	}

	static String describe(Method method) {
		return method.getDeclaringClass().getName() + "." + method.getName() + "()";
	}

}
