package dev.zmqspring.test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.scope.ScopedProxyUtils;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Wraps every bean with listener methods so that {@link ZmqListenerTestHarness} records
 * their calls. Runs after the other ordered post-processors (a transactional proxy is
 * wrapped, not replaced) and before the starter's, which then registers the wrapped bean.
 */
final class ListenerSpyPostProcessor implements BeanPostProcessor, BeanFactoryAware, Ordered {

	private static final Log logger = LogFactory.getLog(ListenerSpyPostProcessor.class);

	private final ZmqListenerTestHarness harness;

	private @Nullable ConfigurableBeanFactory beanFactory;

	ListenerSpyPostProcessor(ZmqListenerTestHarness harness) {
		this.harness = harness;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = (ConfigurableBeanFactory) beanFactory;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (ScopedProxyUtils.isScopedTarget(beanName)) {
			// The target of a scoped proxy: the proxy is wrapped, as the starter listens
			// through it.
			return bean;
		}
		Map<Method, List<String>> ids = listenerIds(targetClass, beanName);
		if (ids.isEmpty()) {
			return bean;
		}
		String unproxyable = unproxyable(bean, targetClass, ids.keySet());
		if (unproxyable != null) {
			logger.warn("ZmqListenerTestHarness does not record the calls of bean '" + beanName + "' ("
					+ targetClass.getName() + "): " + unproxyable + ", which a proxy cannot intercept");
			this.harness.unrecorded(ids.values(), beanName + ": " + unproxyable);
			return bean;
		}
		MethodInterceptor recorder = (invocation) -> {
			Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
			List<String> listeners = ids.get(method);
			if (listeners == null) {
				return invocation.proceed();
			}
			Object[] arguments = invocation.getArguments();
			String thread = Thread.currentThread().getName();
			Instant started = Instant.now();
			long start = System.nanoTime();
			Object result;
			try {
				result = invocation.proceed();
			}
			catch (Throwable ex) {
				this.harness.record(listeners, new ZmqListenerInvocation(method, arguments, null, ex, thread, started,
						Duration.ofNanos(System.nanoTime() - start)));
				throw ex;
			}
			this.harness.record(listeners, new ZmqListenerInvocation(method, arguments, result, null, thread, started,
					Duration.ofNanos(System.nanoTime() - start)));
			return result;
		};
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			advised.addAdvice(0, recorder);
			return bean;
		}
		try {
			ProxyFactory proxy = new ProxyFactory(bean);
			proxy.setProxyTargetClass(true);
			proxy.addAdvice(recorder);
			return proxy.getProxy(ClassUtils.getDefaultClassLoader());
		}
		catch (RuntimeException ex) {
			logger.warn("ZmqListenerTestHarness does not record the calls of bean '" + beanName + "' ("
					+ targetClass.getName() + "): " + ex);
			this.harness.unrecorded(ids.values(), beanName + ": " + ex.getMessage());
			return bean;
		}
	}

	/** Why a proxy could not record the bean's listener calls, or {@code null}. */
	private static @Nullable String unproxyable(Object bean, Class<?> targetClass, Set<Method> methods) {
		if (bean instanceof Advised advised && !advised.isFrozen()) {
			return null;
		}
		if (Modifier.isFinal(targetClass.getModifiers())) {
			return "its class is final";
		}
		for (Method method : methods) {
			if (Modifier.isPrivate(method.getModifiers())) {
				return "method " + method.getName() + " is private";
			}
			if (Modifier.isFinal(method.getModifiers())) {
				return "method " + method.getName() + " is final";
			}
		}
		return null;
	}

	private Map<Method, List<String>> listenerIds(Class<?> targetClass, String beanName) {
		Map<Method, List<String>> ids = new HashMap<>();
		MethodIntrospector
			.selectMethods(targetClass,
					(MethodIntrospector.MetadataLookup<Set<ZmqListener>>) (method) -> nonEmpty(
							AnnotatedElementUtils.findMergedRepeatableAnnotations(method, ZmqListener.class)))
			.forEach((method, annotations) -> {
				List<String> methodIds = new ArrayList<>();
				int i = 0;
				for (ZmqListener annotation : annotations) {
					String id = resolve(annotation.id());
					methodIds
						.add(!id.isEmpty() ? id : beanName + "." + method.getName() + ((i > 0) ? "-" + (i + 1) : ""));
					i++;
				}
				ids.put(method, methodIds);
			});
		Set<ZmqListener> classLevel = AnnotatedElementUtils.findMergedRepeatableAnnotations(targetClass,
				ZmqListener.class);
		if (!classLevel.isEmpty()) {
			List<String> classIds = new ArrayList<>();
			int i = 0;
			for (ZmqListener annotation : classLevel) {
				String id = resolve(annotation.id());
				classIds.add(!id.isEmpty() ? id : beanName + ((i > 0) ? "-" + (i + 1) : ""));
				i++;
			}
			MethodIntrospector
				.selectMethods(targetClass,
						(MethodIntrospector.MetadataLookup<ZmqHandler>) (method) -> AnnotatedElementUtils
							.findMergedAnnotation(method, ZmqHandler.class))
				.keySet()
				.forEach((method) -> ids.put(method, classIds));
		}
		return ids;
	}

	private static @Nullable Set<ZmqListener> nonEmpty(Set<ZmqListener> annotations) {
		return annotations.isEmpty() ? null : annotations;
	}

	private String resolve(String value) {
		ConfigurableBeanFactory factory = this.beanFactory;
		if (factory == null || value.isEmpty()) {
			return value.trim();
		}
		String resolved = factory.resolveEmbeddedValue(value);
		BeanExpressionResolver expressions = factory.getBeanExpressionResolver();
		if (resolved != null && expressions != null && resolved.contains("#{")) {
			Object evaluated = expressions.evaluate(resolved, new BeanExpressionContext(factory, null));
			resolved = (evaluated != null) ? evaluated.toString() : "";
		}
		return (resolved != null) ? resolved.trim() : "";
	}

}
