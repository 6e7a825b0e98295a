package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.concurrent.CompletableFuture;

import dev.zmqspring.annotation.ZmqTopic;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.ResolvableType;

/**
 * What a native image needs for a {@code @ZmqPublisher} interface: the JDK proxy that
 * implements it, its methods, and binding hints (Jackson writes and reads them by
 * reflection) for each method's payload and reply.
 */
class ZmqPublisherAotProcessor implements BeanRegistrationAotProcessor {

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		if (registeredBean.getBeanClass() != ZmqPublisherFactoryBean.class) {
			return null;
		}
		Class<?> publisherInterface = registeredBean.getBeanType().as(ZmqPublisherFactoryBean.class).resolveGeneric(0);
		if (publisherInterface == null) {
			return null;
		}
		return (generationContext, code) -> registerHints(generationContext.getRuntimeHints(), publisherInterface);
	}

	private static void register(BindingReflectionHintsRegistrar bindings, RuntimeHints hints, ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw == null || raw == void.class || raw == Void.class || raw == Object.class) {
			return;
		}
		bindings.registerReflectionHints(hints.reflection(), raw);
		for (ResolvableType generic : type.getGenerics()) {
			Class<?> element = generic.resolve();
			if (element != null && element != raw) {
				bindings.registerReflectionHints(hints.reflection(), element);
			}
		}
	}

	static void registerHints(RuntimeHints hints, Class<?> publisherInterface) {
		hints.proxies().registerJdkProxy(publisherInterface);
		hints.reflection().registerType(publisherInterface, MemberCategory.INVOKE_PUBLIC_METHODS);
		BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
		for (Method method : publisherInterface.getMethods()) {
			if (method.isDefault() || Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			for (int i = 0; i < method.getParameterCount(); i++) {
				if (!method.getParameters()[i].isAnnotationPresent(ZmqTopic.class)) {
					// Resolved against the interface: a method of a generic
					// super-interface
					// (Events<OrderPlaced>) sends the type the publisher gives it.
					register(bindings, hints, ResolvableType.forMethodParameter(method, i, publisherInterface));
				}
			}
			ResolvableType reply = ResolvableType.forMethodReturnType(method, publisherInterface);
			if (reply.resolve() == CompletableFuture.class) {
				reply = reply.getGeneric(0);
			}
			register(bindings, hints, reply);
		}
	}

}
