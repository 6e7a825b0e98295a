package dev.zmqspring.test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Puts the addresses of {@code zmq.endpoints.*} and {@code zmq.proxies.*} on
 * {@code inproc}, in a property source that comes before every other, before any bean
 * reads them. Addresses written in annotations ({@code @ZmqListener(bind = ...)}) are
 * left as they are.
 */
final class InprocEndpoints implements BeanFactoryPostProcessor, EnvironmentAware, PriorityOrdered {

	static final String PROPERTY_SOURCE = "zmqTestInprocAddresses";

	private @Nullable ConfigurableEnvironment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = (ConfigurableEnvironment) environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
		ConfigurableEnvironment environment = this.environment;
		if (environment == null || environment.getPropertySources().contains(PROPERTY_SOURCE)) {
			return;
		}
		Binder binder = Binder.get(environment);
		Map<String, Addresses> endpoints = binder.bind("zmq.endpoints", Bindable.mapOf(String.class, Addresses.class))
			.orElse(Map.of());
		Map<String, ProxyAddresses> proxies = binder
			.bind("zmq.proxies", Bindable.mapOf(String.class, ProxyAddresses.class))
			.orElse(Map.of());
		InprocAddresses inproc = new InprocAddresses();
		endpoints.values().forEach((addresses) -> inproc.bound(addresses.getBind()));
		proxies.values().forEach((proxy) -> {
			inproc.bound(proxy.getFrontend().getBind());
			inproc.bound(proxy.getBackend().getBind());
		});
		Map<String, Object> rewritten = new LinkedHashMap<>();
		endpoints.forEach((name, addresses) -> addresses.rewrite(inproc, name, "zmq.endpoints." + name, rewritten));
		proxies.forEach((name, proxy) -> {
			String prefix = "zmq.proxies." + name;
			proxy.getFrontend().rewrite(inproc, name + "-frontend", prefix + ".frontend", rewritten);
			proxy.getBackend().rewrite(inproc, name + "-backend", prefix + ".backend", rewritten);
			String capture = proxy.getCapture();
			if (capture != null && !capture.isBlank()) {
				rewritten.put(prefix + ".capture", inproc.rewrite(name + "-capture", true, capture));
			}
		});
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, rewritten));
	}

	/** The addresses of an endpoint, or of one side of a proxy. */
	public static class Addresses {

		private List<String> bind = new ArrayList<>();

		private List<String> connect = new ArrayList<>();

		public List<String> getBind() {
			return this.bind;
		}

		public void setBind(List<String> bind) {
			this.bind = bind;
		}

		public List<String> getConnect() {
			return this.connect;
		}

		public void setConnect(List<String> connect) {
			this.connect = connect;
		}

		void rewrite(InprocAddresses inproc, String owner, String prefix, Map<String, Object> into) {
			if (!this.bind.isEmpty()) {
				into.put(prefix + ".bind", String.join(",", inproc.rewrite(owner, true, this.bind)));
			}
			if (!this.connect.isEmpty()) {
				into.put(prefix + ".connect", String.join(",", inproc.rewrite(owner, false, this.connect)));
			}
		}

	}

	/** The addresses of a proxy. */
	public static class ProxyAddresses {

		private final Addresses frontend = new Addresses();

		private final Addresses backend = new Addresses();

		private @Nullable String capture;

		public Addresses getFrontend() {
			return this.frontend;
		}

		public Addresses getBackend() {
			return this.backend;
		}

		public @Nullable String getCapture() {
			return this.capture;
		}

		public void setCapture(@Nullable String capture) {
			this.capture = capture;
		}

	}

}
