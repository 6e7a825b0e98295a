package dev.zmqspring.autoconfigure;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Binding hints for the classes that {@code zmq.type-mappings} names, as the application
 * is configured when it is processed ahead of time: messages of those types are read and
 * written by Jackson, through reflection, even where no listener or publisher method
 * declares them.
 */
class TypeMappingsAotProcessor implements BeanFactoryInitializationAotProcessor {

	@Override
	public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
			ConfigurableListableBeanFactory beanFactory) {
		if (!beanFactory.containsBean("environment")) {
			return null;
		}
		Environment environment = beanFactory.getBean("environment", Environment.class);
		Map<String, Class<?>> mappings = Binder.get(environment)
			.bind("zmq.type-mappings", Bindable.mapOf(String.class, Class.class))
			.map(TypeMappingsAotProcessor::classes)
			.orElse(Map.of());
		if (mappings.isEmpty()) {
			return null;
		}
		return (generationContext, code) -> {
			BindingReflectionHintsRegistrar bindings = new BindingReflectionHintsRegistrar();
			mappings.values()
				.forEach((type) -> bindings.registerReflectionHints(generationContext.getRuntimeHints().reflection(),
						type));
		};
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Map<String, Class<?>> classes(Map<String, Class> mappings) {
		return (Map) mappings;
	}

}
