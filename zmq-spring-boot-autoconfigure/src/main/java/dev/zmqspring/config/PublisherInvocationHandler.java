package dev.zmqspring.config;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

import dev.zmqspring.core.ZmqTemplate;
import org.jspecify.annotations.Nullable;

/**
 * Dispatches calls on a {@code @ZmqPublisher} proxy to the prepared
 * {@link PublisherMethod}s. Default methods run as written; {@code equals},
 * {@code hashCode} and {@code toString} behave as for any object.
 */
final class PublisherInvocationHandler implements InvocationHandler {

	private final Class<?> publisherInterface;

	private final Map<Method, PublisherMethod> methods;

	private final ZmqTemplate template;

	PublisherInvocationHandler(Class<?> publisherInterface, Map<Method, PublisherMethod> methods,
			ZmqTemplate template) {
		this.publisherInterface = publisherInterface;
		this.methods = methods;
		this.template = template;
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object @Nullable [] args) throws Throwable {
		PublisherMethod publisherMethod = this.methods.get(method);
		if (publisherMethod != null) {
			return publisherMethod.invoke(this.template, args);
		}
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> "ZmqPublisher proxy for " + this.publisherInterface.getName();
			default -> throw new UnsupportedOperationException(method.toString());
		};
	}

	static Object proxyFor(Class<?> publisherInterface, PublisherInvocationHandler handler) {
		return Proxy.newProxyInstance(publisherInterface.getClassLoader(), new Class<?>[] { publisherInterface },
				handler);
	}

}
