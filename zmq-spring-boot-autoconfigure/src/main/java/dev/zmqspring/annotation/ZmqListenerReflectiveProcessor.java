package dev.zmqspring.annotation;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;

import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessage;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
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
 * {@code CompletableFuture<T>}, {@code Mono<T>} and collections. Headers and the
 * starter's own types need none.
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
					register(hints, ResolvableType.forMethodParameter(parameter));
				}
			}
			register(hints, ResolvableType.forMethodReturnType(method));
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

	private void register(ReflectionHints hints, ResolvableType type) {
		ResolvableType payload = unwrap(type);
		Class<?> raw = payload.resolve();
		if (raw == null || raw == void.class || raw == Void.class || raw == Object.class) {
			return;
		}
		this.bindings.registerReflectionHints(hints, raw);
		for (ResolvableType generic : payload.getGenerics()) {
			register(hints, generic);
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
