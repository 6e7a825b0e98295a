package dev.zmqspring.config;

import java.util.List;

import dev.zmqspring.annotation.ZmqPublisher;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

/**
 * Finds {@code @ZmqPublisher} interfaces in the application's packages (those recorded by
 * {@code @SpringBootApplication}, as Spring Data does for repositories) and registers a
 * {@code ZmqPublisherFactoryBean} for each, named after the interface (for example
 * {@code userEvents}).
 */
public class ZmqPublisherRegistrar
		implements ImportBeanDefinitionRegistrar, BeanFactoryAware, EnvironmentAware, ResourceLoaderAware {

	private BeanFactory beanFactory;

	private Environment environment;

	private ResourceLoader resourceLoader;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public void setResourceLoader(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
		if (!AutoConfigurationPackages.has(this.beanFactory)) {
			return;
		}
		List<String> packages = AutoConfigurationPackages.get(this.beanFactory);
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false,
				this.environment) {
			@Override
			protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
				return definition.getMetadata().isInterface() && definition.getMetadata().isIndependent();
			}
		};
		scanner.setResourceLoader(this.resourceLoader);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ZmqPublisher.class));
		for (String basePackage : packages) {
			for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
				register(candidate.getBeanClassName(), registry);
			}
		}
	}

	private void register(String interfaceName, BeanDefinitionRegistry registry) {
		Class<?> publisherInterface = ClassUtils.resolveClassName(interfaceName, this.resourceLoader.getClassLoader());
		String beanName = org.springframework.util.StringUtils
			.uncapitalizeAsProperty(publisherInterface.getSimpleName());
		if (registry.containsBeanDefinition(beanName)) {
			beanName = interfaceName;
		}
		if (registry.containsBeanDefinition(beanName)) {
			return;
		}
		RootBeanDefinition definition = new RootBeanDefinition(ZmqPublisherFactoryBean.class);
		definition.getConstructorArgumentValues().addGenericArgumentValue(publisherInterface);
		// The generic type, unlike the attribute, survives ahead-of-time processing: the
		// publisher is found by its interface without creating the factory first.
		definition
			.setTargetType(ResolvableType.forClassWithGenerics(ZmqPublisherFactoryBean.class, publisherInterface));
		definition.setAttribute(FactoryBean.OBJECT_TYPE_ATTRIBUTE, publisherInterface);
		registry.registerBeanDefinition(beanName, definition);
	}

}
