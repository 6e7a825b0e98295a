package dev.zmqspring.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqListeners;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.MethodZmqMessageListener;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.reliable.ReliableListenerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.core.annotation.RepeatableContainers;
import org.springframework.validation.Validator;

/**
 * Finds {@code @ZmqListener} methods on beans, checks them, and registers one container
 * per method with the {@link ZmqListenerEndpointRegistry} once all singletons exist; a
 * bean created later (lazy, or from a scope) gets its containers at once, started when
 * the registry runs, and a bean destroyed has its containers stopped and removed.
 * Configuration mistakes fail the bean's creation with a message that names the bean, the
 * method and the fix.
 */
public class ZmqListenerAnnotationBeanPostProcessor
		implements DestructionAwareBeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

	/** The name of the factory of listeners that name none. */
	private static final String DEFAULT_FACTORY = "zmqListenerContainerFactory";

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private final Set<Class<?>> classesWithListeners = ConcurrentHashMap.newKeySet();

	private final List<PendingListener> pending = new ArrayList<>();

	/** The ids of the containers of each bean with listeners, by the bean's identity. */
	private final Map<Object, List<String>> containersByBean = Collections.synchronizedMap(new IdentityHashMap<>());

	/** Whether every singleton exists: containers are created as beans are. */
	private volatile boolean singletonsInstantiated;

	/** Where the containers are, once any was made. */
	private volatile @Nullable ZmqListenerEndpointRegistry registry;

	private ConfigurableBeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass) || ScopedProxyUtils.isScopedTarget(beanName)) {
			// The target of a scoped proxy: the proxy listens for it already.
			return bean;
		}
		Map<Method, List<ZmqListener>> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<List<ZmqListener>>) ZmqListenerAnnotationBeanPostProcessor::listeners);
		if (methods.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		this.classesWithListeners.add(targetClass);
		List<PendingListener> found = new ArrayList<>();
		methods.forEach((method, annotations) -> {
			try {
				for (int i = 0; i < annotations.size(); i++) {
					// The first keeps the id it had before a second was added: processed
					// message ids and dead letters are kept by id.
					String defaultId = beanName + "." + method.getName() + ((i > 0) ? "-" + (i + 1) : "");
					PendingListener listener = register(bean, beanName, method, annotations.get(i), defaultId);
					for (PendingListener other : found) {
						if (other.id().equals(listener.id())) {
							throw new IllegalArgumentException(
									listener.where() + ": another listener (" + other.where() + ") already has the id '"
											+ listener.id() + "'; give each @ZmqListener a unique id");
						}
					}
					found.add(listener);
				}
			}
			catch (RuntimeException ex) {
				throw new BeanCreationException(beanName, ex.getMessage(), ex);
			}
		});
		if (this.singletonsInstantiated) {
			// Created after startup (lazy, or from a scope): its listeners start now, and
			// none of them if one cannot.
			try {
				createContainers(found, true);
			}
			catch (RuntimeException ex) {
				throw new BeanCreationException(beanName, ex.getMessage(), ex);
			}
		}
		else {
			synchronized (this.pending) {
				this.pending.addAll(found);
			}
		}
		return bean;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		// Asked as soon as the bean exists, before a startup bean's containers do.
		return this.classesWithListeners.contains(AopUtils.getTargetClass(bean));
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		List<String> ids = this.containersByBean.remove(bean);
		ZmqListenerEndpointRegistry registry = this.registry;
		if (ids != null && registry != null) {
			ids.forEach(registry::unregister);
		}
	}

	/**
	 * Checks what can be checked while the bean is created (endpoint, concurrency,
	 * placeholders). The container is built later, once every singleton exists, because
	 * the converter and error handlers it needs may be declared next to the listener
	 * itself.
	 */
	private PendingListener register(Object bean, String beanName, Method method, ZmqListener annotation,
			String defaultId) {
		String where = "@ZmqListener on " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
				+ "() of bean '" + beanName + "'";
		String id = resolve(annotation.id());
		if (id.isEmpty()) {
			id = defaultId;
		}
		ZmqEndpointCatalog catalog = this.beanFactory.getBean(ZmqEndpointCatalog.class);
		ZmqEndpoint endpoint = new ListenerEndpointResolver(catalog, this::resolve).resolve(annotation, id, where);
		ListenerDefaults defaults = this.beanFactory.getBean(ListenerDefaults.class);
		int concurrency = parseInt(resolve(annotation.concurrency()), defaults.concurrency(), where + " concurrency");
		if (concurrency < 1) {
			throw new IllegalArgumentException(where + ": concurrency must be at least 1, was " + concurrency);
		}
		String autoStartupText = resolve(annotation.autoStartup());
		boolean autoStartup = autoStartupText.isEmpty() ? defaults.autoStartup()
				: Boolean.parseBoolean(autoStartupText);
		boolean idempotent = Boolean.parseBoolean(resolve(annotation.idempotent()));
		if (idempotent && !endpoint.reliable()) {
			throw new IllegalArgumentException(where + ": idempotent = \"true\" needs message ids, which only an"
					+ " at-least-once endpoint carries; set delivery: at-least-once on "
					+ (endpoint.configuredAt().startsWith("zmq.") ? endpoint.configuredAt() : "a named endpoint")
					+ " (type router or rep) and on the sender's dealer endpoint");
		}
		String sendTo = new ListenerReturnValue(this::resolve).sendTo(method, endpoint, catalog, where);
		Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
		synchronized (this.pending) {
			for (PendingListener other : this.pending) {
				if (other.id().equals(id)) {
					throw new IllegalArgumentException(where + ": another listener (" + other.where()
							+ ") already has the id '" + id + "'; give each @ZmqListener a unique id");
				}
			}
		}
		return new PendingListener(id, where, bean, invocable, endpoint, concurrency, autoStartup,
				resolve(annotation.errorHandler()), idempotent, sendTo, resolve(annotation.containerFactory()).trim());
	}

	/**
	 * The {@code @ZmqListener} annotations of a method, repeated or not, from the nearest
	 * declaration that has any: a method that overrides an annotated one and is annotated
	 * itself listens where it says, not where the overridden one did too.
	 * @return the annotations, in declaration order, or {@code null} for none
	 */
	private static @Nullable List<ZmqListener> listeners(Method method) {
		List<MergedAnnotation<ZmqListener>> found = MergedAnnotations
			.from(method, SearchStrategy.TYPE_HIERARCHY, RepeatableContainers.standardRepeatables())
			.stream(ZmqListener.class)
			.toList();
		if (found.isEmpty()) {
			return null;
		}
		int nearest = found.stream().mapToInt(MergedAnnotation::getAggregateIndex).min().getAsInt();
		return found.stream()
			.filter((annotation) -> annotation.getAggregateIndex() == nearest)
			.map(MergedAnnotation::synthesize)
			.toList();
	}

	/**
	 * What validates payloads annotated with {@code @Valid}: the application's only
	 * {@link Validator}, or Boot's {@code defaultValidator} when there are several (a web
	 * application has {@code mvcValidator} too), or none.
	 */
	private @Nullable Validator validator() {
		Validator unique = this.beanFactory.getBeanProvider(Validator.class).getIfUnique();
		if (unique != null) {
			return unique;
		}
		return this.beanFactory.containsBean("defaultValidator")
				&& this.beanFactory.isTypeMatch("defaultValidator", Validator.class)
						? this.beanFactory.getBean("defaultValidator", Validator.class) : null;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.singletonsInstantiated = true;
		List<PendingListener> found;
		synchronized (this.pending) {
			found = new ArrayList<>(this.pending);
			this.pending.clear();
		}
		createContainers(found, false);
	}

	/**
	 * Registers a container for each listener. After startup ({@code late}) they start at
	 * once, the endpoints they send on open at once, and when one fails the others of the
	 * same bean are removed again.
	 */
	private void createContainers(List<PendingListener> listeners, boolean late) {
		ZmqListenerEndpointRegistry registry = this.beanFactory.getBean(ZmqListenerEndpointRegistry.class);
		this.registry = registry;
		ZmqListenerContainerFactory defaultFactory = (this.beanFactory.containsBean(DEFAULT_FACTORY)
				&& this.beanFactory.isTypeMatch(DEFAULT_FACTORY, ZmqListenerContainerFactory.class))
						? this.beanFactory.getBean(DEFAULT_FACTORY, ZmqListenerContainerFactory.class)
						: this.beanFactory.getBean(ZmqListenerContainerFactory.class);
		ZmqSenderRegistry senders = this.beanFactory.getBeanProvider(ZmqSenderRegistry.class).getIfAvailable();
		List<PendingListener> registered = new ArrayList<>();
		try {
			for (PendingListener listener : listeners) {
				if (senders != null && listener.endpoint().configuredAt().startsWith("zmq.endpoints.")) {
					senders.reserveForListener(listener.endpoint().name(), listener.where());
				}
				registry.register(createContainer(listener, factory(listener, defaultFactory)));
				registered.add(listener);
				this.containersByBean.computeIfAbsent(listener.bean(), (bean) -> new ArrayList<>()).add(listener.id());
				String sendTo = listener.sendTo();
				if (senders != null && sendTo != null) {
					// Opened with the application (or now), so that a port in use, or an
					// endpoint a listener receives on, fails startup, not the first
					// message.
					if (late) {
						senders.sender(sendTo);
					}
					else {
						senders.require(sendTo);
					}
				}
			}
		}
		catch (RuntimeException ex) {
			if (late) {
				for (PendingListener listener : registered) {
					registry.unregister(listener.id());
					this.containersByBean.remove(listener.bean());
				}
			}
			throw ex;
		}
	}

	/** The factory a listener names, or the application's. */
	private ZmqListenerContainerFactory factory(PendingListener listener, ZmqListenerContainerFactory defaultFactory) {
		String name = listener.containerFactory();
		if (name.isEmpty()) {
			return defaultFactory;
		}
		if (!this.beanFactory.containsBean(name)
				|| !this.beanFactory.isTypeMatch(name, ZmqListenerContainerFactory.class)) {
			throw new BeanInitializationException(listener.where() + ": containerFactory names '" + name
					+ "', which is not a ZmqListenerContainerFactory bean; declare one (ZmqListenerContainerFactoryConfigurer"
					+ " creates it configured as the starter's), or remove the attribute");
		}
		return this.beanFactory.getBean(name, ZmqListenerContainerFactory.class);
	}

	private ZmqListenerContainer createContainer(PendingListener listener, ZmqListenerContainerFactory factory) {
		try {
			ZmqListenerErrorHandler errorHandler = listener.errorHandler().isEmpty() ? null
					: this.beanFactory.getBean(listener.errorHandler(), ZmqListenerErrorHandler.class);
			ZmqMessageListener adapter = new MethodZmqMessageListener(listener.bean(), listener.method(),
					factory.getConverter(), validator());
			if (listener.sendTo() != null) {
				adapter = new SendingListener(adapter, this.beanFactory.getBean(ZmqTemplate.class), listener.sendTo());
			}
			if (listener.endpoint().reliable()) {
				ReliableListenerFactory reliable = this.beanFactory.getBeanProvider(ReliableListenerFactory.class)
					.getIfAvailable();
				if (reliable == null) {
					throw new IllegalStateException(
							"the endpoint is at-least-once but there is no ReliableListenerFactory"
									+ " bean; keep the starter's auto-configuration");
				}
				adapter = reliable.wrap(listener.id(), adapter, listener.idempotent());
			}
			return factory.create(listener.id(), listener.endpoint(), listener.concurrency(), listener.autoStartup(),
					adapter, errorHandler);
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException(listener.where() + ": " + ex.getMessage(), ex);
		}
	}

	private String resolve(String value) {
		return new AttributeResolver(this.beanFactory).apply(value);
	}

	private static int parseInt(String text, int fallback, String where) {
		if (text.isEmpty()) {
			return fallback;
		}
		try {
			return Integer.parseInt(text.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(where + ": '" + text + "' is not a number; use for example \"4\"", ex);
		}
	}

	private record PendingListener(String id, String where, Object bean, Method method, ZmqEndpoint endpoint,
			int concurrency, boolean autoStartup, String errorHandler, boolean idempotent, @Nullable String sendTo,
			String containerFactory) {
	}

	/**
	 * Defaults of {@code @ZmqListener} attributes ({@code zmq.listener.*}).
	 *
	 * @param concurrency default concurrency
	 * @param autoStartup whether listeners start with the application by default
	 */
	public record ListenerDefaults(int concurrency, boolean autoStartup) {
	}

}
