package dev.zmqspring.reliable;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.core.CheckedThreadFactory;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameEncoder;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Runs one {@link OutboxDispatcher} per at-least-once sending endpoint, and the periodic
 * clean-up of old processed message ids. Starts after the senders (it sends through them)
 * and stops before them.
 */
public class ReliableDeliveryRegistry implements SmartLifecycle {

	/** Between the senders and the listeners. */
	public static final int PHASE = Integer.MAX_VALUE - 3500;

	private static final Log logger = LogFactory.getLog(ReliableDeliveryRegistry.class);

	private final ZmqEndpointCatalog catalog;

	private final ZmqSenderRegistry senders;

	private final OutboxStore outboxStore;

	private final ProcessedMessageStore processedStore;

	private final ReliableSettings settings;

	private final HeadersFrameCodec headersCodec;

	private final Map<String, OutboxDispatcher> dispatchers = new ConcurrentHashMap<>();

	private final Map<String, ReliableStatistics> statistics = new ConcurrentHashMap<>();

	private volatile @Nullable ScheduledExecutorService cleaner;

	private volatile boolean running;

	private volatile ZmqShutdownDeadline shutdownDeadline;

	private volatile ZmqObservations observations = ZmqObservations.NONE;

	private volatile ZmqThreadFactory threads = DefaultZmqThreadFactory.platformThreads();

	public ReliableDeliveryRegistry(ZmqEndpointCatalog catalog, ZmqSenderRegistry senders, OutboxStore outboxStore,
			ProcessedMessageStore processedStore, ReliableSettings settings, ZmqMessageConverter converter) {
		this.catalog = catalog;
		this.senders = senders;
		this.outboxStore = outboxStore;
		this.processedStore = processedStore;
		this.settings = settings;
		this.headersCodec = new HeadersFrameCodec();
	}

	/** Wakes the dispatcher of an endpoint (a message was committed to its outbox). */
	public void wake(String endpoint) {
		OutboxDispatcher dispatcher = this.dispatchers.get(endpoint);
		if (dispatcher != null) {
			dispatcher.wake();
		}
	}

	/**
	 * The counters of a sending endpoint or a receiving listener (by listener id),
	 * created on first use.
	 */
	public ReliableStatistics statistics(String name) {
		return this.statistics.computeIfAbsent(name, key -> new ReliableStatistics());
	}

	/** The counters created so far, by sending endpoint name or receiving listener id. */
	public Map<String, ReliableStatistics> getStatistics() {
		return Map.copyOf(this.statistics);
	}

	/** Names of the at-least-once sending endpoints. */
	public Collection<String> getEndpoints() {
		return this.dispatchers.keySet();
	}

	/** The number of unacknowledged messages of an endpoint in its outbox. */
	public long outboxDepth(String endpoint) {
		return this.outboxStore.count(endpoint);
	}

	/**
	 * The number of messages of an endpoint that are on the wire and not yet
	 * acknowledged.
	 */
	public int inFlight(String endpoint) {
		OutboxDispatcher dispatcher = this.dispatchers.get(endpoint);
		return (dispatcher != null) ? dispatcher.getInFlight() : 0;
	}

	/**
	 * How many messages of an endpoint may be on the wire unacknowledged at once now: the
	 * send window, which grows while the receiver keeps up, up to
	 * {@code zmq.reliable.max-in-flight}, and shrinks when acknowledgements time out.
	 */
	public int window(String endpoint) {
		OutboxDispatcher dispatcher = this.dispatchers.get(endpoint);
		return (dispatcher != null) ? dispatcher.getWindow() : 0;
	}

	/**
	 * Sets the application's one shutdown deadline, which then bounds the wait for the
	 * dispatchers on stop (5 seconds without one).
	 * @param shutdownDeadline the deadline, or {@code null}
	 */
	public void setShutdownDeadline(ZmqShutdownDeadline shutdownDeadline) {
		this.shutdownDeadline = shutdownDeadline;
	}

	/**
	 * Sets what creates the outbox dispatchers' threads and the cleanup's, which own no
	 * socket ({@linkplain ZmqThreadFactory#newWorkerThread worker threads}); platform
	 * threads by default. Set before the registry starts.
	 * @param threadFactory the thread factory
	 */
	public void setThreadFactory(ZmqThreadFactory threadFactory) {
		this.threads = CheckedThreadFactory.of(threadFactory);
	}

	/**
	 * Sets which endpoints' tries are observed (each try of the outbox, from its send to
	 * its acknowledgement); takes effect for dispatchers started from now on.
	 * @param observations the observations ({@link ZmqObservations#NONE}: none)
	 */
	public void setObservations(ZmqObservations observations) {
		this.observations = observations;
	}

	@Override
	public void start() {
		for (ZmqEndpoint endpoint : this.catalog.endpoints().values()) {
			if (endpoint.reliable() && endpoint.type().expectsReply()) {
				OutboxDispatcher dispatcher = new OutboxDispatcher(endpoint, this.senders.sender(endpoint.name()),
						new ZmqFrameEncoder(endpoint, this.headersCodec), this.outboxStore, this.settings,
						statistics(endpoint.name()), this.observations);
				this.dispatchers.put(endpoint.name(), dispatcher);
				dispatcher.start(this.threads);
				if (this.outboxStore instanceof InMemoryOutboxStore) {
					logger.warn("The outbox of at-least-once endpoint '" + endpoint.name() + "' is in memory: its"
							+ " messages do not survive a restart. Add a DataSource (spring-boot-starter-jdbc) to keep"
							+ " them in a table");
				}
			}
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
				(runnable) -> this.threads.newWorkerThread("zmq-processed-cleanup", runnable));
		executor.scheduleWithFixedDelay(this::purgeProcessed, 1, 60, TimeUnit.MINUTES);
		this.cleaner = executor;
		this.running = true;
	}

	private void purgeProcessed() {
		try {
			long cutoff = System.currentTimeMillis() - this.settings.processedRetention().toMillis();
			int removed = this.processedStore.purgeOlderThan(cutoff);
			if (removed > 0) {
				logger.debug("Forgot " + removed + " processed message ids older than the retention");
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Cleaning up processed message ids failed: " + ex);
		}
	}

	@Override
	public void stop() {
		this.running = false;
		ScheduledExecutorService executor = this.cleaner;
		if (executor != null) {
			// Only the clean-up task runs here, and it holds no socket: a plain shutdown
			// is safe.
			executor.shutdown();
		}
		if (this.dispatchers.isEmpty()) {
			return;
		}
		ZmqShutdownDeadline shared = this.shutdownDeadline;
		long deadline = (shared != null) ? shared.begin("the outbox dispatchers") : System.nanoTime() + 5_000_000_000L;
		// A dispatcher that finds the deadline passed is still told to stop; its messages
		// stay in the outbox.
		this.dispatchers.values()
			.forEach(dispatcher -> dispatcher.stop(Math.max(0, (deadline - System.nanoTime()) / 1_000_000)));
		this.dispatchers.clear();
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
