package dev.zmqspring.annotation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletionStage;

import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.aot.hint.annotation.ReflectiveProcessor;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

/**
 * What a native image needs to call a {@link ZmqListener} or {@link ZmqHandler} method:
 * the method itself, and binding hints (Jackson reads and writes them by reflection) for
 * its payload parameter and its reply, seen through {@code Message<T>},
 * {@code CompletableFuture<T>}, {@code Mono<T>} and collections; and for a header of an
 * application type, its public constructors and methods, through which Spring's
 * conversion service makes it from the header's text. The starter's own types need none.
 * A method inherited from a generic class has its type variables' bounds registered, not
 * the types a subclass gives them.
 */
class ZmqListenerReflectiveProcessor implements ReflectiveProcessor {

	private final BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();

	@Override
	public void registerReflectionHints(ReflectionHints hints, AnnotatedElement element) {
		if (element instanceof Method method) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			for (int i = 0; i < method.getParameterCount(); i++) {
				MethodParameter parameter = new MethodParameter(method, i);
				if (isPayload(parameter)) {
					register(hints, ResolvableType.forMethodParameter(parameter), new HashSet<>());
				}
				else if (isHeader(parameter)) {
					registerHeaderType(hints, parameter);
				}
			}
			register(hints, ResolvableType.forMethodReturnType(method), new HashSet<>());
		}
		else if (element instanceof Class<?> type) {
			// A class-level listener: its @ZmqHandler methods are processed on their own.
			hints.registerType(type);
		}
	}

	private static boolean isPayload(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return !parameter.hasParameterAnnotation(ZmqTopic.class) && !parameter.hasParameterAnnotation(ZmqHeader.class)
				&& !parameter.hasParameterAnnotation(Header.class) && !parameter.hasParameterAnnotation(Headers.class)
				&& type != ZmqMessage.class && type != ZmqHeaders.class && type != MessageHeaders.class;
	}

	private static boolean isHeader(MethodParameter parameter) {
		return parameter.hasParameterAnnotation(ZmqHeader.class) || parameter.hasParameterAnnotation(Header.class);
	}

	/**
	 * A header's value is converted from its text by Spring's conversion service, which
	 * finds an application type's constructor or {@code valueOf}, {@code of} or
	 * {@code from} method by reflection.
	 */
	private static void registerHeaderType(ReflectionHints hints, MethodParameter parameter) {
		Class<?> type = parameter.nestedIfOptional().getNestedParameterType();
		if (type.isPrimitive() || type.isArray() || type.getName().startsWith("java.")) {
			return;
		}
		hints.registerType(type, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS);
	}

	/**
	 * Binding hints for the payload in a type and for the types of its generics (the
	 * elements of a collection), each class once: a type whose generics refer to itself
	 * ({@code E extends Enum<E>}) ends.
	 */
	private void register(ReflectionHints hints, ResolvableType type, Set<Class<?>> seen) {
		ResolvableType payload = unwrap(type);
		Class<?> raw = payload.resolve();
		if (raw == null || raw == void.class || raw == Void.class || raw == Object.class || !seen.add(raw)) {
			return;
		}
		this.bindings.registerReflectionHints(hints, raw);
		for (ResolvableType generic : payload.getGenerics()) {
			register(hints, generic, seen);
		}
	}

	/** The payload inside futures and messages, however nested. */
	private static ResolvableType unwrap(ResolvableType type) {
		ResolvableType current = type;
		while (true) {
			ResolvableType stage = current.as(CompletionStage.class);
			if (stage != ResolvableType.NONE) {
				current = stage.getGeneric(0);
				continue;
			}
			Class<?> raw = current.resolve();
			if (raw != null && raw.getName().equals("reactor.core.publisher.Mono")) {
				current = current.getGeneric(0);
				continue;
			}
			ResolvableType message = current.as(Message.class);
			if (message != ResolvableType.NONE) {
				current = message.getGeneric(0);
				continue;
			}
			return current;
		}
	}

}
