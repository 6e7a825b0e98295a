package dev.zmqspring.test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSocketType;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Binds the peer of every endpoint that connects to an {@code inproc} address as soon as
 * the application's {@code ZContext} exists, before any of the application's sockets: an
 * {@code inproc} connection is made once and never again, so a peer that bound later, or
 * bound again after a test closed it, would never be connected. These sockets live as
 * long as the context; {@link ZmqTestClient} lends them to its peers.
 */
final class PreboundPeers implements BeanPostProcessor, BeanFactoryAware, DisposableBean {

	private static final Log logger = LogFactory.getLog(PreboundPeers.class);

	private final Map<String, PeerSocket> sockets = new ConcurrentHashMap<>();

	private final Map<List<String>, PeerSocket> byAddresses = new ConcurrentHashMap<>();

	private volatile boolean active;

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof ZContext context && this.beanFactory != null && !this.active) {
			this.active = true;
			ZmqEndpointCatalog catalog = this.beanFactory.getBeanProvider(ZmqEndpointCatalog.class).getIfAvailable();
			if (catalog != null) {
				Set<String> boundByTheApplication = boundByTheApplication(catalog);
				catalog.endpoints()
					.values()
					.stream()
					.filter((endpoint) -> endpoint.addresses().stream().noneMatch(boundByTheApplication::contains))
					.forEach((endpoint) -> bind(context, endpoint));
			}
		}
		return bean;
	}

	/**
	 * The addresses the application binds itself, by its endpoints and its proxies: an
	 * endpoint that connects to one of them talks to the application, not to a peer.
	 */
	private Set<String> boundByTheApplication(ZmqEndpointCatalog catalog) {
		Set<String> bound = new HashSet<>();
		catalog.endpoints().values().stream().filter(ZmqEndpoint::bind).forEach((e) -> bound.addAll(e.addresses()));
		if (this.beanFactory instanceof ConfigurableListableBeanFactory factory) {
			Environment environment = factory.getBean(Environment.class);
			if (environment instanceof ConfigurableEnvironment configurable && configurable.getPropertySources()
				.get(InprocEndpoints.PROPERTY_SOURCE) instanceof MapPropertySource rewritten) {
				rewritten.getSource().forEach((name, value) -> {
					if (name.startsWith("zmq.proxies.") && (name.endsWith(".bind") || name.endsWith(".capture"))) {
						bound.addAll(List.of(String.valueOf(value).split(",")));
					}
				});
			}
		}
		return bound;
	}

	private void bind(ZContext context, ZmqEndpoint endpoint) {
		if (endpoint.bind() || endpoint.addresses().isEmpty()
				|| !endpoint.addresses().stream().allMatch((address) -> address.startsWith("inproc://"))
				|| endpoint.type() == ZmqSocketType.XPUB || endpoint.type() == ZmqSocketType.XSUB) {
			return;
		}
		ZmqSocketType peerType = ZmqTestPeer.peerType(endpoint);
		// The peer of a durable topic's member is the topic's server (a ROUTER); the peer
		// of another SUB endpoint sees its subscriptions, so that it publishes only once
		// the application has subscribed.
		SocketType type = (endpoint.reliable() && endpoint.type() == ZmqSocketType.SUB) ? SocketType.ROUTER
				: (peerType == ZmqSocketType.PUB) ? SocketType.XPUB : peerType.jeromqType();
		PeerSocket shared = this.byAddresses.get(endpoint.addresses());
		if (shared != null) {
			// Two endpoints of the application reach the same service: one peer for both.
			if (shared.type() == type) {
				this.sockets.put(endpoint.name(), shared);
			}
			else {
				logger.warn("ZmqTestClient: endpoint '" + endpoint.name() + "' connects to " + endpoint.addresses()
						+ " as another endpoint of a different kind does; it has no test peer");
			}
			return;
		}
		ZMQ.Socket socket = context.createSocket(type);
		try {
			socket.setLinger(0);
			if (type == SocketType.SUB) {
				socket.subscribe(new byte[0]);
			}
			for (String address : endpoint.addresses()) {
				socket.bind(address);
			}
		}
		catch (RuntimeException ex) {
			socket.close();
			logger.warn("ZmqTestClient: cannot bind the test peer of endpoint '" + endpoint.name() + "' on "
					+ endpoint.addresses() + " (" + ex + "); it has no test peer");
			return;
		}
		PeerSocket peer = new PeerSocket(socket, type);
		this.byAddresses.put(endpoint.addresses(), peer);
		this.sockets.put(endpoint.name(), peer);
	}

	/**
	 * Whether the peers of the application's connecting inproc endpoints are prebound.
	 */
	boolean isActive() {
		return this.active;
	}

	/** The prebound socket of an endpoint's peer, or {@code null}. */
	@Nullable PeerSocket get(String endpoint) {
		return this.sockets.get(endpoint);
	}

	@Override
	public void destroy() {
		this.byAddresses.values().forEach((socket) -> {
			try {
				socket.socket().close();
			}
			catch (RuntimeException ex) {
				// The context closed it already.
			}
		});
		this.sockets.clear();
		this.byAddresses.clear();
	}

	/** A prebound socket and what its peers learned on it. */
	static final class PeerSocket {

		private final ZMQ.Socket socket;

		private final SocketType type;

		private boolean lent;

		/** The topic prefixes the application subscribed to on an XPUB peer. */
		private final PeerSubscriptions subscriptions = new PeerSubscriptions();

		PeerSocket(ZMQ.Socket socket, SocketType type) {
			this.socket = socket;
			this.type = type;
		}

		ZMQ.Socket socket() {
			return this.socket;
		}

		SocketType type() {
			return this.type;
		}

		/** What the application's SUB sockets subscribed to; kept across the peers. */
		PeerSubscriptions subscriptions() {
			return this.subscriptions;
		}

		/**
		 * Lends the socket to a peer; the lock is the memory barrier a socket needs to
		 * change threads.
		 */
		synchronized boolean lend() {
			if (this.lent) {
				return false;
			}
			this.lent = true;
			return true;
		}

		synchronized void giveBack() {
			this.lent = false;
		}

	}

}
