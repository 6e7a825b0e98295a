package dev.zmqspring.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps one sender per sending endpoint, each with its own socket-owning thread.
 * Endpoints that can only send (PUB, PUSH, REQ, DEALER) and endpoints used by publisher
 * interfaces open when the application starts, so a bound PUB is listening before the
 * first message; others open on first use. All close when the application stops, after
 * the listeners and before the ZeroMQ context.
 */
public class ZmqSenderRegistry implements SmartLifecycle {

	/** Starts before the listeners and stops after them (and after the web server). */
	public static final int PHASE = Integer.MAX_VALUE - 4000;

	private final ZmqEndpointCatalog catalog;

	private final ZmqSocketFactory socketFactory;

	private final ZmqShutdownDeadline shutdownDeadline;

	private final Map<String, SocketOwner> senders = new ConcurrentHashMap<>();

	private final Set<String> required = ConcurrentHashMap.newKeySet();

	private final Map<String, String> listened = new ConcurrentHashMap<>();

	private final Map<String, RuntimeException> openFailures = new ConcurrentHashMap<>();

	private volatile boolean running;

	/**
	 * @param catalog the named endpoints
	 * @param socketFactory opens the senders' sockets
	 * @param shutdownDeadline the application's one shutdown deadline, shared with the
	 * other stages
	 */
	public ZmqSenderRegistry(ZmqEndpointCatalog catalog, ZmqSocketFactory socketFactory,
			ZmqShutdownDeadline shutdownDeadline) {
		this.catalog = catalog;
		this.socketFactory = socketFactory;
		this.shutdownDeadline = shutdownDeadline;
	}

	/**
	 * Marks an endpoint to be opened when the application starts.
	 * @param name the endpoint name
	 */
	public void require(String name) {
		if (!isDurableTopic(name)) {
			this.required.add(name);
		}
	}

	/**
	 * Whether an endpoint is a durable topic (PUB with at-least-once delivery), which has
	 * no PUB socket: its fetch server's ROUTER binds the address.
	 */
	private boolean isDurableTopic(String name) {
		ZmqEndpoint endpoint = this.catalog.endpoints().get(name);
		return endpoint != null && endpoint.reliable() && endpoint.type() == ZmqSocketType.PUB;
	}

	/**
	 * Looks up a named endpoint without opening it.
	 * @throws IllegalArgumentException when there is no such endpoint
	 */
	public ZmqEndpoint endpoint(String name) {
		// Every send looks its endpoint up: an opened sender answers without building the
		// error text.
		SocketOwner opened = this.senders.get(name);
		return (opened != null) ? opened.getEndpoint() : this.catalog.get(name, "Sending on endpoint '" + name + "'");
	}

	/**
	 * Records that a listener receives on an endpoint: its socket belongs to that
	 * listener, so nothing may open a second socket on it to send.
	 * @param name the endpoint name
	 * @param listener the listener, for error messages
	 */
	public void reserveForListener(String name, String listener) {
		this.listened.put(name, listener);
	}

	/**
	 * Returns the sender of an endpoint, opening it on first use.
	 * @param name the key under {@code zmq.endpoints}
	 * @return the sender
	 * @throws IllegalArgumentException when there is no such endpoint or it cannot send
	 * @throws ZmqSendException when the application is not running
	 */
	public EndpointSender sender(String name) {
		SocketOwner sender = this.senders.get(name);
		return (sender != null) ? (EndpointSender) sender : open(name);
	}

	/** The open sender of an endpoint, or {@code null}, without opening it. */
	@Nullable SocketOwner opened(String name) {
		return this.senders.get(name);
	}

	/** The senders opened so far. */
	public Collection<EndpointSender> getSenders() {
		List<EndpointSender> result = new ArrayList<>();
		this.senders.values().forEach(sender -> result.add((EndpointSender) sender));
		return result;
	}

	/**
	 * The endpoints whose sender could not open its socket (a bind failed, say) on its
	 * last try, with the error. An endpoint leaves this map when it opens.
	 */
	public Map<String, RuntimeException> getOpenFailures() {
		return Map.copyOf(this.openFailures);
	}

	private synchronized EndpointSender open(String name) {
		SocketOwner existing = this.senders.get(name);
		if (existing != null) {
			return (EndpointSender) existing;
		}
		ZmqEndpoint endpoint = this.catalog.get(name, "Sending on endpoint '" + name + "'");
		if (!endpoint.type().canPublish()) {
			throw new IllegalArgumentException(
					"Endpoint '" + name + "' is " + endpoint.type() + " and cannot send; set zmq.endpoints." + name
							+ ".type to one of " + ZmqSocketType.publisherTypes());
		}
		if (endpoint.reliable() && endpoint.type() == ZmqSocketType.PUB) {
			throw new IllegalArgumentException("Endpoint '" + name + "' is a durable topic (PUB, delivery"
					+ " at-least-once) and has no PUB socket: publish with ZmqTemplate.convertAndSend or a @ZmqPublisher"
					+ " interface; its address is served by the listener 'zmq-topic-" + name + "'");
		}
		String listener = this.listened.get(name);
		if (listener != null) {
			throw new ZmqSendException("Cannot send on endpoint '" + name + "': " + listener
					+ " receives on it, and a second socket on the same " + endpoint.type()
					+ " endpoint would never reach the peer; declare one endpoint per direction");
		}
		if (!this.running) {
			throw new ZmqSendException("Cannot send on endpoint '" + name + "': the application is not running");
		}
		SocketOwner sender = endpoint.type().expectsReply() ? new RequestReplyClient(endpoint, this.socketFactory)
				: new OneWaySender(endpoint, this.socketFactory);
		try {
			sender.start("zmq-send-" + name, ZmqSocketFactory.OPEN_TIMEOUT);
		}
		catch (RuntimeException ex) {
			this.openFailures.put(name, ex);
			throw ex;
		}
		this.openFailures.remove(name);
		this.senders.put(name, sender);
		return (EndpointSender) sender;
	}

	@Override
	public void start() {
		this.running = true;
		this.catalog.endpoints().forEach((name, endpoint) -> {
			if (endpoint.type().canPublish() && !endpoint.type().canListen() && !isDurableTopic(name)) {
				this.required.add(name);
			}
		});
		try {
			this.required.forEach(this::sender);
		}
		catch (RuntimeException ex) {
			// Leave no socket bound behind when the application fails to start.
			stop();
			throw ex;
		}
	}

	@Override
	public void stop() {
		List<SocketOwner> open;
		synchronized (this) {
			this.running = false;
			open = new ArrayList<>(this.senders.values());
			this.senders.clear();
			this.openFailures.clear();
		}
		if (open.isEmpty()) {
			return;
		}
		long deadline = this.shutdownDeadline.begin("the senders");
		// Every sender is asked first, so that they all flush their queued messages in
		// the same time.
		open.forEach(sender -> sender.requestStop(deadline));
		for (SocketOwner sender : open) {
			sender.awaitStopped(this.shutdownDeadline.remaining(deadline));
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
