package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.zmqspring.actuate.ZmqHealthContributorAutoConfiguration;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.DefaultZmqThreadFactory;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.reliable.DurableTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every thread the starter creates comes from the application's {@link ZmqThreadFactory}
 * bean, named, as a socket thread or a worker thread according to whether it owns
 * sockets; a factory that returns what the starter cannot run stops the application with
 * an error that names the fix.
 */
@Timeout(60)
class ZmqThreadFactoryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqEventAutoConfiguration.class,
				ZmqHealthContributorAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.work.type=PUSH", "zmq.endpoints.work.bind=inproc://threads-work",
				"zmq.endpoints.work-in.type=PULL", "zmq.endpoints.work-in.connect=inproc://threads-work",
				"zmq.endpoints.echo.type=REQ", "zmq.endpoints.echo.bind=inproc://threads-echo",
				"zmq.endpoints.echo-in.type=REP", "zmq.endpoints.echo-in.connect=inproc://threads-echo",
				"zmq.proxies.relay.type=streamer", "zmq.proxies.relay.frontend.bind=inproc://threads-relay-in",
				"zmq.proxies.relay.backend.bind=inproc://threads-relay-out", "zmq.endpoints.orders.type=DEALER",
				"zmq.endpoints.orders.delivery=at-least-once", "zmq.endpoints.orders.connect=inproc://threads-orders",
				"zmq.endpoints.orders-in.type=ROUTER", "zmq.endpoints.orders-in.delivery=at-least-once",
				"zmq.endpoints.orders-in.bind=inproc://threads-orders", "zmq.endpoints.users.type=PUB",
				"zmq.endpoints.users.delivery=at-least-once", "zmq.endpoints.users.bind=inproc://threads-users",
				"zmq.endpoints.email-in.type=SUB", "zmq.endpoints.email-in.delivery=at-least-once",
				"zmq.endpoints.email-in.connect=inproc://threads-users");

	@Test
	void everyThreadOfTheStarterComesFromTheApplicationsFactoryAsTheRightKind() {
		RecordingThreadFactory threads = new RecordingThreadFactory();
		this.runner.withBean(ZmqThreadFactory.class, () -> threads)
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				template.convertAndSend("work", "job");
				assertThat(template.request("echo", "ping", String.class)).isEqualTo("pong");
				template.convertAndSend("orders", "order-1");
				DurableTopics topics = context.getBean(DurableTopics.class);
				await().atMost(Duration.ofSeconds(20)).until(() -> topics.status("users").size() == 1);
				template.convertAndSend("users", "user.registered", "user-1");
				Listeners listeners = context.getBean(Listeners.class);
				List<String> received = new ArrayList<>();
				while (received.size() < 3) {
					received.add(listeners.work.poll(20, TimeUnit.SECONDS));
				}
				assertThat(received).containsExactlyInAnyOrder("job", "order-1", "user-1");
				Map<String, String> live = Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().startsWith("zmq-")
							&& !thread.getName().equals("zmq-peer-wait"))
					.collect(Collectors.toMap(Thread::getName, (thread) -> threads.kindOf(thread), (a, b) -> a + b));
				assertThat(live).as("the starter's live threads, by how they were made")
					.containsEntry("zmq-listener-work-in", "socket")
					.containsEntry("zmq-listener-work-in-1", "worker")
					.containsEntry("zmq-listener-work-in-2", "worker")
					.containsEntry("zmq-listener-echo-in", "socket")
					.containsEntry("zmq-listener-echo-in-1", "socket")
					.containsEntry("zmq-listener-echo-in-2", "socket")
					.containsEntry("zmq-events", "worker")
					.containsEntry("zmq-proxy-relay", "socket")
					.containsEntry("zmq-io-probe", "socket")
					.containsEntry("zmq-outbox-orders", "worker")
					.containsEntry("zmq-processed-cleanup", "worker")
					.containsEntry("zmq-topic-users", "worker")
					.containsEntry("zmq-listener-zmq-topic-users", "socket")
					.containsEntry("zmq-listener-email-in", "socket")
					.containsEntry("zmq-listener-email-in-1", "worker")
					.doesNotContainValue("not from the factory");
				assertThat(live.keySet()).anyMatch((name) -> name.startsWith("zmq-send-"));
				assertThat(threads.made.values()).as("JeroMQ's own threads")
					.anyMatch((made) -> made.startsWith("socket iothread-"))
					.anyMatch((made) -> made.startsWith("socket reaper-"));
			});
		assertThat(threads.made.values()).as("made at shutdown").contains("socket zmq-context-close");
	}

	@Test
	void theStartersPlatformThreadsAreDaemonsWhateverTheFactoryMadeButTheReceiveLoop() {
		// Threads made by a thread that is not a daemon are not daemons either.
		ZmqThreadFactory plain = new ZmqThreadFactory() {

			@Override
			public Thread newSocketThread(String name, Runnable task) {
				Thread thread = new Thread(task, name);
				thread.setDaemon(false);
				return thread;
			}

			@Override
			public Thread newWorkerThread(String name, Runnable task) {
				return newSocketThread(name, task);
			}

		};
		this.runner.withBean(ZmqThreadFactory.class, () -> plain)
			.withUserConfiguration(Listeners.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, Boolean> daemons = Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> thread.getName().startsWith("zmq-") || thread.getName().startsWith("iothread-"))
					.collect(Collectors.toMap(Thread::getName, Thread::isDaemon, (a, b) -> a && b));
				assertThat(daemons).containsEntry("zmq-listener-work-in", false)
					.containsEntry("zmq-send-work", true)
					.containsEntry("zmq-listener-work-in-1", true)
					.containsEntry("zmq-events", true);
				assertThat(daemons.entrySet()).filteredOn((entry) -> entry.getKey().startsWith("iothread-"))
					.isNotEmpty()
					.allMatch(Map.Entry::getValue);
			});
	}

	@Test
	void virtualWorkerThreadsNeedJava21AndTheProperty() {
		this.runner.run((context) -> assertThat(context.getBean(ZmqThreadFactory.class)).isInstanceOfSatisfying(
				DefaultZmqThreadFactory.class, (factory) -> assertThat(factory.isVirtualWorkerThreads()).isFalse()));
		this.runner.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> assertThat(context.getBean(ZmqThreadFactory.class)).isInstanceOfSatisfying(
					DefaultZmqThreadFactory.class, (factory) -> assertThat(factory.isVirtualWorkerThreads())
						.isEqualTo(Runtime.version().feature() >= 21)));
	}

	@Test
	void aFactoryThatReturnsNoThreadStopsTheApplicationWithTheFix() {
		this.runner.withBean(ZmqThreadFactory.class, NoThreads::new)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("NoThreads.newWorkerThread returned no thread for 'zmq-events'")
				.hasMessageContaining("Return a new thread"));
	}

	@Test
	void aFactoryThatReturnsAStartedThreadStopsTheApplicationWithTheFix() {
		this.runner.withBean(ZmqThreadFactory.class, StartedThreads::new)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("returned a thread that was already started")
				.hasMessageContaining("Return a new, unstarted thread"));
	}

	@Test
	void theDefaultFactoryMakesNamedDaemonPlatformThreads() {
		DefaultZmqThreadFactory factory = DefaultZmqThreadFactory.platformThreads();
		Thread socket = factory.newSocketThread("zmq-a", () -> {
		});
		Thread worker = factory.newWorkerThread("zmq-b", () -> {
		});
		assertThat(socket.getName()).isEqualTo("zmq-a");
		assertThat(worker.getName()).isEqualTo("zmq-b");
		assertThat(socket.isDaemon()).isTrue();
		assertThat(worker.isDaemon()).isTrue();
		assertThat(socket.getState()).isEqualTo(Thread.State.NEW);
	}

	/** Records every thread it makes, and of which kind. */
	static final class RecordingThreadFactory implements ZmqThreadFactory {

		final Map<Thread, String> made = new ConcurrentHashMap<>();

		private final DefaultZmqThreadFactory delegate = DefaultZmqThreadFactory.platformThreads();

		@Override
		public Thread newSocketThread(String name, Runnable task) {
			Thread thread = this.delegate.newSocketThread(name, task);
			this.made.put(thread, "socket " + name);
			return thread;
		}

		@Override
		public Thread newWorkerThread(String name, Runnable task) {
			Thread thread = this.delegate.newWorkerThread(name, task);
			this.made.put(thread, "worker " + name);
			return thread;
		}

		String kindOf(Thread thread) {
			String made = this.made.get(thread);
			return (made != null) ? made.substring(0, made.indexOf(' ')) : "not from the factory";
		}

	}

	static final class NoThreads implements ZmqThreadFactory {

		@Override
		public Thread newSocketThread(String name, Runnable task) {
			return null;
		}

		@Override
		public Thread newWorkerThread(String name, Runnable task) {
			return null;
		}

		@Override
		public String toString() {
			return "NoThreads";
		}

	}

	static final class StartedThreads implements ZmqThreadFactory {

		@Override
		public Thread newSocketThread(String name, Runnable task) {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			thread.start();
			return thread;
		}

		@Override
		public Thread newWorkerThread(String name, Runnable task) {
			return newSocketThread(name, () -> {
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final BlockingQueue<String> work = new LinkedBlockingQueue<>();

		@ZmqListener(id = "work-in", endpoint = "work-in", concurrency = "2")
		void work(String job) {
			this.work.add(job);
		}

		@ZmqListener(id = "orders-in", endpoint = "orders-in")
		void order(String order) {
			this.work.add(order);
		}

		@ZmqListener(id = "email-in", endpoint = "email-in", group = "email", concurrency = "2")
		void email(String user) {
			this.work.add(user);
		}

		@ZmqListener(id = "echo-in", endpoint = "echo-in", concurrency = "2")
		String echo(String ping) {
			return "pong";
		}

	}

}
