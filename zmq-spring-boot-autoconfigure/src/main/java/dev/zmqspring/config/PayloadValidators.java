package dev.zmqspring.config;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.util.ClassUtils;
import org.springframework.validation.Validator;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * Finds what validates listener payloads annotated with {@code @Valid}: the application's
 * only {@link Validator}, or Boot's {@code defaultValidator} when there are several (a
 * web application has {@code mvcValidator} too), or its only
 * {@code jakarta.validation.Validator}, or none.
 */
final class PayloadValidators {

	private static final String BOOT_VALIDATOR = "defaultValidator";

	private PayloadValidators() {
	}

	static @Nullable Validator find(ConfigurableBeanFactory beanFactory) {
		Validator unique = beanFactory.getBeanProvider(Validator.class).getIfUnique();
		if (unique != null) {
			return unique;
		}
		if (beanFactory.containsBean(BOOT_VALIDATOR) && beanFactory.isTypeMatch(BOOT_VALIDATOR, Validator.class)) {
			return beanFactory.getBean(BOOT_VALIDATOR, Validator.class);
		}
		return ClassUtils.isPresent("jakarta.validation.Validator", beanFactory.getBeanClassLoader())
				? BeanValidation.unique(beanFactory) : null;
	}

	/** Kept apart so that nothing loads the Bean Validation API when it is absent. */
	private static final class BeanValidation {

		static @Nullable Validator unique(ConfigurableBeanFactory beanFactory) {
			jakarta.validation.Validator unique = beanFactory.getBeanProvider(jakarta.validation.Validator.class)
				.getIfUnique();
			return (unique != null) ? new SpringValidatorAdapter(unique) : null;
		}

	}

}
