package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.convert.DurationStyle;

/**
 * Creates the implementation of one {@code @ZmqPublisher} interface. Every method is
 * checked when the bean is created, so a wrong signature or endpoint fails startup, and
 * the endpoint is opened with the application.
 *
 * @param <T> the interface
 */
class ZmqPublisherFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware, InitializingBean {

	private final Class<T> publisherInterface;

	private ConfigurableBeanFactory beanFactory;

	private T proxy;

	public ZmqPublisherFactoryBean(Class<T> publisherInterface) {
		this.publisherInterface = publisherInterface;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public void afterPropertiesSet() {
		ZmqPublisher annotation = this.publisherInterface.getAnnotation(ZmqPublisher.class);
		String where = "@ZmqPublisher interface " + this.publisherInterface.getName();
		String name = resolve(annotation.endpoint()).trim();
		if (name.isEmpty()) {
			throw new IllegalArgumentException(where + ": endpoint is empty; name an entry of zmq.endpoints");
		}
		ZmqEndpoint endpoint = this.beanFactory.getBean(ZmqEndpointCatalog.class).get(name, where);
		if (!endpoint.type().canPublish()) {
			throw new IllegalArgumentException(
					where + ": endpoint '" + name + "' is " + endpoint.type() + " and cannot send; set zmq.endpoints."
							+ name + ".type to one of " + ZmqSocketType.publisherTypes());
		}
		String timeoutText = resolve(annotation.timeout()).trim();
		Duration timeout = timeoutText.isEmpty() ? null : parseTimeout(timeoutText, where);
		ZmqTemplate template = this.beanFactory.getBean(ZmqTemplate.class);
		Map<Method, PublisherMethod> methods = new HashMap<>();
		for (Method method : this.publisherInterface.getMethods()) {
			if (!method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
				methods.put(method, new PublisherMethod(method, endpoint, timeout, template, this::resolve));
			}
		}
		template.getSenderRegistry().require(name);
		this.proxy = this.publisherInterface.cast(PublisherInvocationHandler.proxyFor(this.publisherInterface,
				new PublisherInvocationHandler(this.publisherInterface, methods, template)));
	}

	private static Duration parseTimeout(String text, String where) {
		try {
			return DurationStyle.detectAndParse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					where + ": timeout '" + text + "' is not a duration; use for example \"2s\"", ex);
		}
	}

	private String resolve(String value) {
		return new AttributeResolver(this.beanFactory).apply(value);
	}

	@Override
	public T getObject() {
		return this.proxy;
	}

	@Override
	public Class<?> getObjectType() {
		return this.publisherInterface;
	}

}
