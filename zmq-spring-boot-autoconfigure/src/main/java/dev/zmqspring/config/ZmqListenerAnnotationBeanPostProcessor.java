package dev.zmqspring.config;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqListeners;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.HandlerDispatcher;
import dev.zmqspring.listener.MethodZmqMessageListener;
import dev.zmqspring.listener.ZmqListenerContainer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqMessageListener;
import dev.zmqspring.listener.GroupSubscription;
import dev.zmqspring.listener.GroupSubscriptionDefaults;
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
		List<ZmqListener> classLevel = listeners(targetClass);
		Map<Method, ZmqHandler> handlers = HandlerMethods.find(targetClass);
		if (methods.isEmpty() && classLevel == null && handlers.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		this.classesWithListeners.add(targetClass);
		List<PendingListener> found = new ArrayList<>();
		try {
			checkHandlers(targetClass, beanName, classLevel, handlers, methods);
			methods.forEach((method, annotations) -> {
				for (int i = 0; i < annotations.size(); i++) {
					// The first keeps the id it had before a second was added: processed
					// message ids and dead letters are kept by id.
					String defaultId = beanName + "." + method.getName() + ((i > 0) ? "-" + (i + 1) : "");
					String where = "@ZmqListener on " + method.getDeclaringClass().getSimpleName() + "."
							+ method.getName() + "() of bean '" + beanName + "'";
					add(found, register(bean, annotations.get(i), defaultId, where, method, null));
				}
			});
			if (classLevel != null) {
				for (int i = 0; i < classLevel.size(); i++) {
					String where = "@ZmqListener on class " + targetClass.getSimpleName() + " of bean '" + beanName
							+ "'";
					add(found, register(bean, classLevel.get(i), beanName + ((i > 0) ? "-" + (i + 1) : ""), where, null,
							handlers));
				}
			}
		}
		catch (RuntimeException ex) {
			throw new BeanCreationException(beanName, ex.getMessage(), ex);
		}
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

	/** A @ZmqHandler needs a class-level @ZmqListener, and is no @ZmqListener itself. */
	private static void checkHandlers(Class<?> targetClass, String beanName, @Nullable List<ZmqListener> classLevel,
			Map<Method, ZmqHandler> handlers, Map<Method, List<ZmqListener>> methods) {
		for (Method method : handlers.keySet()) {
			String where = "@ZmqHandler on " + method.getDeclaringClass().getSimpleName() + "." + method.getName()
					+ "() of bean '" + beanName + "'";
			if (classLevel == null) {
				throw new IllegalArgumentException(where + ": a handler is called by the @ZmqListener of its class,"
						+ " and " + targetClass.getSimpleName() + " has none, so it would never be called; annotate"
						+ " the class with @ZmqListener, or the method with @ZmqListener instead of @ZmqHandler");
			}
			if (methods.containsKey(method)) {
				throw new IllegalArgumentException(where + ": the method is annotated with @ZmqListener too; keep"
						+ " @ZmqHandler to receive through the class's socket, or @ZmqListener for a socket of its"
						+ " own");
			}
		}
	}

	private static void add(List<PendingListener> found, PendingListener listener) {
		for (PendingListener other : found) {
			if (other.id().equals(listener.id())) {
				throw new IllegalArgumentException(listener.where() + ": another listener (" + other.where()
						+ ") already has the id '" + listener.id() + "'; give each @ZmqListener a unique id");
			}
		}
		found.add(listener);
	}

	/**
	 * Checks what can be checked while the bean is created (endpoint, concurrency,
	 * placeholders, handlers). The container is built later, once every singleton exists,
	 * because the converter and error handlers it needs may be declared next to the
	 * listener itself.
	 * @param method the annotated method, or {@code null} for a class-level listener
	 * @param handlers the class's handler methods, for a class-level listener
	 */
	private PendingListener register(Object bean, ZmqListener annotation, String defaultId, String where,
			@Nullable Method method, @Nullable Map<Method, ZmqHandler> handlers) {
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
		ListenerReturnValue returnValue = new ListenerReturnValue(this::resolve);
		List<PendingHandler> pendingHandlers = new ArrayList<>();
		if (method != null) {
			pendingHandlers.add(new PendingHandler(null, AopUtils.selectInvocableMethod(method, bean.getClass()),
					returnValue.sendTo(method, endpoint, catalog, where)));
		}
		else {
			List<HandlerMethods.Declared> declared = HandlerMethods.declare(handlers, endpoint, this::resolve, where);
			endpoint = HandlerMethods.subscription(endpoint, declared);
			for (HandlerMethods.Declared handler : declared) {
				pendingHandlers.add(new PendingHandler(handler, handler.invocableOn(bean),
						returnValue.sendTo(handler.method(), endpoint, catalog, handler.where())));
			}
		}
		synchronized (this.pending) {
			for (PendingListener other : this.pending) {
				if (other.id().equals(id)) {
					throw new IllegalArgumentException(where + ": another listener (" + other.where()
							+ ") already has the id '" + id + "'; give each @ZmqListener a unique id");
				}
			}
		}
		return new PendingListener(id, where, bean, pendingHandlers, method == null, endpoint, concurrency, autoStartup,
				resolve(annotation.errorHandler()), idempotent, resolve(annotation.containerFactory()).trim(),
				new GroupSubscriptions(this::resolve, this.beanFactory.getBeanProvider(GroupSubscriptionDefaults.class)
					.getIfAvailable(() -> GroupSubscriptionDefaults.NONE)).of(annotation, endpoint, where));
	}

	/**
	 * The {@code @ZmqListener} annotations of a method or class, repeated or not, from
	 * the nearest declaration that has any: a method that overrides an annotated one and
	 * is annotated itself listens where it says, not where the overridden one did too (a
	 * subclass likewise).
	 * @return the annotations, in declaration order, or {@code null} for none
	 */
	private static @Nullable List<ZmqListener> listeners(AnnotatedElement element) {
		List<MergedAnnotation<ZmqListener>> found = MergedAnnotations
			.from(element, SearchStrategy.TYPE_HIERARCHY, RepeatableContainers.standardRepeatables())
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
				for (PendingHandler handler : listener.handlers()) {
					String sendTo = handler.sendTo();
					if (senders != null && sendTo != null) {
						// Opened with the application (or now), so that a port in use, or
						// an endpoint a listener receives on, fails startup, not the
						// first
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
			ZmqMessageListener adapter = listener.classLevel() ? dispatcher(listener, factory)
					: handlerListener(listener.bean(), listener.handlers().get(0), factory);
			if (listener.endpoint().reliable()) {
				ReliableListenerFactory reliable = this.beanFactory.getBeanProvider(ReliableListenerFactory.class)
					.getIfAvailable();
				if (reliable == null) {
					throw new IllegalStateException(
							"the endpoint is at-least-once but there is no ReliableListenerFactory"
									+ " bean; keep the starter's auto-configuration");
				}
				adapter = reliable.wrap(listener.id(), adapter, listener.idempotent(), listener.subscription() != null);
			}
			return factory.create(listener.id(), listener.endpoint(), listener.concurrency(), listener.autoStartup(),
					adapter, errorHandler, listener.subscription());
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException(listener.where() + ": " + ex.getMessage(), ex);
		}
	}

	/** The listener of one method, sending its return value on where it says. */
	private ZmqMessageListener handlerListener(Object bean, PendingHandler handler,
			ZmqListenerContainerFactory factory) {
		ZmqMessageListener adapter = new MethodZmqMessageListener(bean, handler.method(), factory.getConverter(),
				PayloadValidators.find(this.beanFactory), this::resolve);
		String sendTo = handler.sendTo();
		return (sendTo != null) ? new SendingListener(adapter, this.beanFactory.getBean(ZmqTemplate.class), sendTo)
				: adapter;
	}

	/**
	 * The listener of a class-level {@code @ZmqListener}: its handlers behind a
	 * dispatcher.
	 */
	private HandlerDispatcher dispatcher(PendingListener listener, ZmqListenerContainerFactory factory) {
		Map<HandlerMethods.Declared, HandlerDispatcher.Handler> built = new LinkedHashMap<>();
		for (PendingHandler handler : listener.handlers()) {
			HandlerMethods.Declared declared = handler.declared();
			ZmqMessageListener adapter;
			try {
				adapter = handlerListener(listener.bean(), handler, factory);
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(declared.name() + ": " + ex.getMessage(), ex);
			}
			MethodZmqMessageListener method = (MethodZmqMessageListener) ((adapter instanceof SendingListener sending)
					? sending.delegate() : adapter);
			built.put(declared, declared.handler(adapter, method.getPayloadType(),
					listener.endpoint().type().repliesToRequests() && method.returnsPromise()));
		}
		return HandlerMethods.dispatcher(built, listener.endpoint(),
				this.beanFactory.getBean(ListenerDefaults.class).typeMappings());
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

	private record PendingListener(String id, String where, Object bean, List<PendingHandler> handlers,
			boolean classLevel, ZmqEndpoint endpoint, int concurrency, boolean autoStartup, String errorHandler,
			boolean idempotent, String containerFactory, @Nullable GroupSubscription subscription) {
	}

	/**
	 * A method that receives: a {@code @ZmqListener} method, or a {@code @ZmqHandler} of
	 * a class-level listener ({@code declared}).
	 */
	private record PendingHandler(HandlerMethods.@Nullable Declared declared, Method method, @Nullable String sendTo) {
	}

	/**
	 * Defaults of {@code @ZmqListener} attributes ({@code zmq.listener.*}).
	 *
	 * @param concurrency default concurrency
	 * @param autoStartup whether listeners start with the application by default
	 * @param typeMappings classes by the logical names senders give them
	 * ({@code zmq.type-mappings})
	 */
	public record ListenerDefaults(int concurrency, boolean autoStartup, Map<String, Class<?>> typeMappings) {

		public ListenerDefaults {
			typeMappings = Map.copyOf(typeMappings);
		}

	}

}
