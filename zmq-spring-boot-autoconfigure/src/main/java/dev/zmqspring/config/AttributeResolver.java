package dev.zmqspring.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ObjectUtils;

/**
 * Resolves the string attributes of {@code @ZmqListener} and {@code @ZmqPublisher} the
 * way Spring resolves {@code @Value}: {@code ${...}} placeholders from the environment,
 * then {@code #{...}} expressions against the bean factory. An expression that yields an
 * array or a collection (of topics, say) becomes its elements joined by commas; one that
 * yields {@code null}, the empty string.
 */
final class AttributeResolver implements UnaryOperator<String> {

	private final ConfigurableBeanFactory beanFactory;

	AttributeResolver(ConfigurableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public String apply(String value) {
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		if (resolved == null) {
			return "";
		}
		BeanExpressionResolver expressions = this.beanFactory.getBeanExpressionResolver();
		if (expressions == null || !resolved.contains("#{")) {
			return resolved;
		}
		return text(expressions.evaluate(resolved, new BeanExpressionContext(this.beanFactory, null)));
	}

	/**
	 * Resolves each of a list attribute's values; a value may stand for several,
	 * separated by commas (a placeholder, or an expression that yields a list). Blank
	 * entries are left out.
	 */
	static List<String> resolveAll(UnaryOperator<String> resolver, String[] values) {
		List<String> result = new ArrayList<>();
		for (String value : values) {
			Arrays.stream(resolver.apply(value).split(","))
				.map(String::trim)
				.filter((text) -> !text.isEmpty())
				.forEach(result::add);
		}
		return result;
	}

	private static String text(Object value) {
		if (value == null) {
			return "";
		}
		if (value.getClass().isArray()) {
			return join(Arrays.asList(ObjectUtils.toObjectArray(value)));
		}
		if (value instanceof Collection<?> collection) {
			return join(collection);
		}
		return value.toString();
	}

	private static String join(Collection<?> values) {
		List<String> texts = new ArrayList<>(values.size());
		values.forEach((value) -> texts.add(String.valueOf(value)));
		return String.join(",", texts);
	}

}
