package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrency, pause/resume and stopping, as a user of a running application sees them.
 */
@Timeout(60)
class ListenerLifecycleTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(SlowListeners.class)
		.withPropertyValues("zmq.endpoints.jobs.type=PULL", "zmq.endpoints.jobs.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.asks.type=REP", "zmq.endpoints.asks.bind=tcp://127.0.0.1:*", "zmq.shutdown-timeout=2s");

	@Test
	void pullListenerWithConcurrencyProcessesMessagesOnSeveralThreadsAtOnce() {
		this.runner.run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.barrier = new CyclicBarrier(4);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, jobs.getAddresses().get(0));
				for (int i = 0; i < 4; i++) {
					push.send("job-" + i);
				}
				// Each call waits at a barrier of 4: they can only all finish if 4
				// threads run them at once.
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.done.size() == 4);
			}
			assertThat(listeners.threads).hasSize(4)
				.allSatisfy(name -> assertThat(name).startsWith("zmq-listener-jobs-"));
		});
	}

	@Test
	void repListenerWithConcurrencyAnswersRequestsInParallelEachWithItsOwnReply() {
		this.runner.run(context -> {
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.barrier = new CyclicBarrier(3);
			String address = container(context, "asks").getAddresses().get(0);
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
				.withPropertyValues("zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=" + address)
				.run(client -> {
					ZmqTemplate template = client.getBean(ZmqTemplate.class);
					List<CompletableFuture<String>> replies = List.of(
							template.requestAsync("ask", "a", String.class, Duration.ofSeconds(10)),
							template.requestAsync("ask", "b", String.class, Duration.ofSeconds(10)),
							template.requestAsync("ask", "c", String.class, Duration.ofSeconds(10)));
					assertThat(replies).extracting(CompletableFuture::join).containsExactly("a!", "b!", "c!");
				});
		});
	}

	@Test
	void pausedListenerReceivesNothingUntilResumedAndLosesNothing() {
		this.runner.run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.barrier = null;
			jobs.pause();
			assertThat(jobs.isPaused()).isTrue();
			assertThat(jobs.getState()).isEqualTo(ZmqListenerContainer.State.PAUSED);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, jobs.getAddresses().get(0));
				for (int i = 0; i < 10; i++) {
					push.send("job-" + i);
				}
				await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(listeners.done::isEmpty);
				jobs.resume();
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.done.size() == 10);
			}
		});
	}

	@Test
	void stopLetsTheMessageInHandFinishThenClosesTheSocket() throws Exception {
		this.runner.run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.barrier = null;
			listeners.gate = new CountDownLatch(1);
			String address = jobs.getAddresses().get(0);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, address);
				push.send("in-hand");
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.started.contains("in-hand"));
				CompletableFuture<Void> stopping = CompletableFuture.runAsync(jobs::stop);
				await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).until(() -> !stopping.isDone());
				listeners.gate.countDown();
				stopping.get(10, TimeUnit.SECONDS);
				assertThat(listeners.done).contains("in-hand");
				assertThat(jobs.isRunning()).isFalse();
			}
			// The port is free again (JeroMQ unbinds asynchronously, so allow it a
			// moment): the socket was closed.
			try (ZContext other = new ZContext()) {
				await().atMost(Duration.ofSeconds(5)).ignoreExceptions().until(() -> {
					ZMQ.Socket rebind = other.createSocket(SocketType.PULL);
					try {
						return rebind.bind(address);
					}
					finally {
						rebind.close();
					}
				});
			}
			jobs.start();
			assertThat(jobs.isRunning()).isTrue();
		});
	}

	@Test
	void aListenerStoppedAndStartedAtOnceGetsItsAddressBack() {
		this.runner.withPropertyValues("zmq.endpoints.jobs.bind=inproc://lifecycle-restart").run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.barrier = null;
			// JeroMQ releases an address asynchronously after its socket closed; a quick
			// restart must not trip on it.
			for (int i = 0; i < 20; i++) {
				jobs.stop();
				jobs.start();
				assertThat(jobs.isRunning()).isTrue();
			}
		});
	}

	@Test
	void contextCloseIsBoundedEvenWhenAListenerIsStuck() {
		SlowListeners[] holder = new SlowListeners[1];
		ConfigurableApplicationContext[] closed = new ConfigurableApplicationContext[1];
		long started = System.nanoTime();
		this.runner.run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			holder[0] = listeners;
			listeners.barrier = null;
			listeners.gate = new CountDownLatch(1);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, jobs.getAddresses().get(0));
				push.send("stuck");
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.started.contains("stuck"));
			}
			closed[0] = context;
		});
		// shutdown-timeout (2s) bounds the listeners and the context together: well under
		// 10s in all.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
		assertThat(closed[0].isActive()).isFalse();
		holder[0].gate.countDown();
	}

	@Test
	void reopenKeepsThePortAndThePauseAndItsPeerIsServedAgain() {
		this.runner.run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			String address = jobs.getAddresses().get(0);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, address);
				push.send("before");
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.done.contains("before"));
				jobs.pause();
				Object before = jobs.getActivity();
				assertThat(jobs.reopen()).isTrue();
				// A new socket, whose connections are new.
				assertThat(jobs.getActivity()).isNotSameAs(before);
				assertThat(jobs.getState()).isEqualTo(ZmqListenerContainer.State.PAUSED);
				assertThat(jobs.getAddresses()).containsExactly(address);
				jobs.resume();
				// Sent before the peer noticed that its connection was dropped, a message
				// can go down the old connection and be lost: the reopened socket counts
				// the peer once it has connected again.
				await().atMost(Duration.ofSeconds(20)).until(() -> jobs.getActivity().getConnectedPeers() == 1);
				push.send("after");
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.done.contains("after"));
			}
		});
	}

	@Test
	void reopenDoesNothingToAStoppedListenerAndAStopMeanwhileCancelsIt() {
		// Long enough that the reopen still waits for the message in hand when the stop
		// comes, however slow the machine.
		this.runner.withPropertyValues("zmq.shutdown-timeout=60s").run(context -> {
			ZmqListenerContainer jobs = container(context, "jobs");
			SlowListeners listeners = context.getBean(SlowListeners.class);
			listeners.gate = new CountDownLatch(1);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				RawSockets.connect(push, jobs.getAddresses().get(0));
				push.send("held");
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.started.contains("held"));
				// The reopen waits for the message in hand; an operator stops the
				// listener meanwhile.
				CompletableFuture<Boolean> reopened = CompletableFuture.supplyAsync(jobs::reopen);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> jobs.getState() == ZmqListenerContainer.State.STOPPED);
				jobs.stop();
				listeners.gate.countDown();
				assertThat(reopened.get(20, TimeUnit.SECONDS)).isFalse();
				assertThat(jobs.getState()).isEqualTo(ZmqListenerContainer.State.STOPPED);
				assertThat(jobs.reopen()).isFalse();
				assertThat(jobs.getState()).isEqualTo(ZmqListenerContainer.State.STOPPED);
			}
		});
	}

	private static ZmqListenerContainer container(ConfigurableApplicationContext context, String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id);
	}

	@Configuration(proxyBeanMethods = false)
	static class SlowListeners {

		volatile CyclicBarrier barrier;

		volatile CountDownLatch gate;

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		final List<String> started = new CopyOnWriteArrayList<>();

		final List<String> done = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "jobs", endpoint = "jobs", concurrency = "4")
		void job(String job) throws Exception {
			this.started.add(job);
			this.threads.add(Thread.currentThread().getName());
			CyclicBarrier waitFor = this.barrier;
			if (waitFor != null) {
				waitFor.await(10, TimeUnit.SECONDS);
			}
			CountDownLatch hold = this.gate;
			if (hold != null) {
				hold.await(30, TimeUnit.SECONDS);
			}
			this.done.add(job);
		}

		@ZmqListener(id = "asks", endpoint = "asks", concurrency = "3")
		String ask(String question) throws Exception {
			CyclicBarrier waitFor = this.barrier;
			if (waitFor != null) {
				waitFor.await(10, TimeUnit.SECONDS);
			}
			return question + "!";
		}

	}

}
