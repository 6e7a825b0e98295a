package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A REP or ROUTER listener that returns a {@code CompletableFuture}, a
 * {@code CompletionStage} or a {@code Mono} answers when it completes, on whatever thread
 * completes it, while the endpoint goes on serving other requests; a failure it completes
 * with is answered with an error reply and handed to the error handler. Requests come
 * from plain JeroMQ REQ sockets.
 */
@Timeout(60)
class LaterReplyTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(LaterListeners.class)
		.withPropertyValues("zmq.endpoints.ask-in.type=REP", "zmq.endpoints.ask-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.pool-in.type=ROUTER", "zmq.endpoints.pool-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.mono-in.type=REP", "zmq.endpoints.mono-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.jobs-in.type=PULL", "zmq.endpoints.jobs-in.bind=tcp://127.0.0.1:*");

	@Test
	void aReplyCompletedLaterByAnotherThreadLetsOtherRequestsBeServedMeanwhile() {
		this.runner.run(context -> assertHeldReplyDoesNotHoldUpOthers(context, "later.ask"));
	}

	@Test
	void workerThreadsReplyLaterToo() {
		// concurrency 3: replies come back through the worker hand-off and the later
		// replies alike.
		this.runner.run(context -> assertHeldReplyDoesNotHoldUpOthers(context, "later.pool"));
	}

	@Test
	void aFailureTheFutureCompletesWithIsAnsweredAndHandled() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket req = requester(peer, context, "later.ask")) {
				req.send("{\"text\":\"fail\"}");
				assertThat(req.recvStr()).startsWith("{\"zmq_error\":{\"code\":\"LISTENER_FAILED\"")
					.contains("IllegalStateException")
					.doesNotContain("no answer");
				req.send("{\"text\":\"next\"}");
				assertThat(req.recvStr()).isEqualTo("{\"text\":\"NEXT\"}");
			}
			LaterListeners listeners = context.getBean(LaterListeners.class);
			assertThat(listeners.errors).singleElement()
				.satisfies((error) -> assertThat(error.getCause()).isInstanceOf(IllegalStateException.class)
					.hasMessage("no answer"));
			assertThat(container(context, "later.ask").getStatistics().getErrors()).isEqualTo(1);
		});
	}

	@Test
	void aMonoIsSubscribedToAndAnswersWhenItEmits() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket req = requester(peer, context, "later.mono")) {
				req.send("{\"text\":\"reactive\"}");
				assertThat(req.recvStr()).isEqualTo("{\"text\":\"REACTIVE\"}");
				req.send("{\"text\":\"fail\"}");
				assertThat(req.recvStr()).startsWith("{\"zmq_error\":{\"code\":\"LISTENER_FAILED\"");
				req.send("{\"text\":\"again\"}");
				assertThat(req.recvStr()).isEqualTo("{\"text\":\"AGAIN\"}");
			}
			assertThat(context.getBean(LaterListeners.class).errors).singleElement()
				.satisfies((error) -> assertThat(error.getCause()).hasMessage("no answer"));
		});
	}

	@Test
	void aOneWayListenerWhoseFutureFailsHasTheFailureHandled() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				push.setLinger(1000);
				RawSockets.connect(push, container(context, "later.jobs").getAddresses().get(0));
				push.send("boom");
				push.send("fine");
				LaterListeners listeners = context.getBean(LaterListeners.class);
				await().atMost(WAIT).until(() -> listeners.jobs.contains("fine") && listeners.errors.size() == 1);
				assertThat(listeners.errors.get(0).getCause()).isInstanceOf(IllegalStateException.class)
					.hasMessage("boom");
				assertThat(container(context, "later.jobs").getStatistics().getErrors()).isEqualTo(1);
			}
		});
	}

	@Test
	void manyRepliesCompletedAtOnceOnManyThreadsAllReachTheirRequesters() throws Exception {
		this.runner.run(context -> {
			List<CompletableFuture<Void>> clients = new java.util.ArrayList<>();
			java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
			for (int client = 0; client < 8; client++) {
				int id = client;
				clients.add(CompletableFuture.runAsync(() -> {
					try (ZContext peer = new ZContext(); ZMQ.Socket req = requester(peer, context, "later.ask")) {
						for (int i = 0; i < 100; i++) {
							req.send("{\"text\":\"c" + id + "-" + i + "\"}");
							assertThat(req.recvStr()).isEqualTo("{\"text\":\"C" + id + "-" + i + "\"}");
						}
					}
				}, threads));
			}
			try {
				CompletableFuture.allOf(clients.toArray(CompletableFuture<?>[]::new)).get();
			}
			finally {
				threads.shutdownNow();
			}
			assertThat(container(context, "later.ask").getStatistics().getErrors()).isZero();
		});
	}

	@Test
	void aReplyCompletedByAThreadWhoseInterruptFlagIsSetIsSentAndTheNextOnesToo() {
		this.runner.run(context -> {
			LaterListeners listeners = context.getBean(LaterListeners.class);
			try (ZContext peer = new ZContext(); ZMQ.Socket req = requester(peer, context, "later.ask")) {
				req.send("{\"text\":\"hold-interrupted\"}");
				await().atMost(WAIT).until(() -> listeners.held.containsKey("hold-interrupted"));
				Thread completer = new Thread(() -> {
					Thread.currentThread().interrupt();
					listeners.held.get("hold-interrupted").complete(new Text("despite the interrupt"));
				});
				completer.start();
				assertThat(req.recvStr()).isEqualTo("{\"text\":\"despite the interrupt\"}");
				for (int i = 0; i < 3; i++) {
					req.send("{\"text\":\"after-" + i + "\"}");
					assertThat(req.recvStr()).isEqualTo("{\"text\":\"AFTER-" + i + "\"}");
				}
			}
		});
	}

	@Test
	void stoppingWaitsForTheRepliesOwed() {
		this.runner.run(context -> {
			LaterListeners listeners = context.getBean(LaterListeners.class);
			ZmqListenerContainer container = container(context, "later.ask");
			try (ZContext peer = new ZContext(); ZMQ.Socket req = requester(peer, context, "later.ask")) {
				req.send("{\"text\":\"hold-stop\"}");
				await().atMost(WAIT).until(() -> listeners.held.containsKey("hold-stop"));
				CompletableFuture<Void> stopped = CompletableFuture.runAsync(container::stop);
				await().atMost(WAIT).until(() -> !container.isRunning());
				listeners.held.get("hold-stop").complete(new Text("answered while stopping"));
				assertThat(req.recvStr()).isEqualTo("{\"text\":\"answered while stopping\"}");
				stopped.get();
			}
			assertThat(container.getStatistics().getErrors()).isZero();
		});
	}

	@Test
	void aPlainFutureOrAStreamAsAReplyFailsStartupNamingTheFix() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(PlainFutureListener.class)
			.withPropertyValues("zmq.endpoints.ask-in.type=REP", "zmq.endpoints.ask-in.bind=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("PlainFutureListener.ask")
				.hasMessageContaining(
						"cannot say when it is done, so its outcome would be lost; return a" + " CompletableFuture"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(PlainFutureJob.class)
			.withPropertyValues("zmq.endpoints.jobs-in.type=PULL", "zmq.endpoints.jobs-in.bind=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("PlainFutureJob.job")
				.hasMessageContaining("cannot say when it is done"));
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(FluxListener.class)
			.withPropertyValues("zmq.endpoints.ask-in.type=REP", "zmq.endpoints.ask-in.bind=tcp://127.0.0.1:*")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("FluxListener.ask")
				.hasMessageContaining("a request gets one reply; return a Mono or a CompletableFuture"));
	}

	private static void assertHeldReplyDoesNotHoldUpOthers(AssertableApplicationContext context, String id) {
		LaterListeners listeners = context.getBean(LaterListeners.class);
		try (ZContext peer = new ZContext();
				ZMQ.Socket waiting = requester(peer, context, id);
				ZMQ.Socket other = requester(peer, context, id)) {
			waiting.send("{\"text\":\"hold-" + id + "\"}");
			await().atMost(WAIT).until(() -> listeners.held.containsKey("hold-" + id));
			for (int i = 0; i < 5; i++) {
				other.send("{\"text\":\"quick-" + i + "\"}");
				assertThat(other.recvStr()).isEqualTo("{\"text\":\"QUICK-" + i + "\"}");
			}
			CompletableFuture.runAsync(() -> listeners.held.get("hold-" + id).complete(new Text("at last")));
			assertThat(waiting.recvStr()).isEqualTo("{\"text\":\"at last\"}");
			waiting.send("{\"text\":\"then\"}");
			assertThat(waiting.recvStr()).isEqualTo("{\"text\":\"THEN\"}");
		}
		assertThat(container(context, id).getStatistics().getErrors()).isZero();
	}

	private static ZMQ.Socket requester(ZContext peer, AssertableApplicationContext context, String id) {
		ZMQ.Socket req = peer.createSocket(SocketType.REQ);
		req.setReceiveTimeOut((int) WAIT.toMillis());
		RawSockets.connect(req, container(context, id).getAddresses().get(0));
		return req;
	}

	private static ZmqListenerContainer container(AssertableApplicationContext context, String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id);
	}

	record Text(String text) {
	}

	@Configuration(proxyBeanMethods = false)
	static class LaterListeners {

		final Map<String, CompletableFuture<Text>> held = new ConcurrentHashMap<>();

		final List<String> jobs = new CopyOnWriteArrayList<>();

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.errors::add;
		}

		@ZmqListener(id = "later.ask", endpoint = "ask-in")
		CompletableFuture<Text> ask(Text question) {
			return answer(question);
		}

		@ZmqListener(id = "later.pool", endpoint = "pool-in", concurrency = "3")
		CompletionStage<Text> pool(Text question) {
			return answer(question);
		}

		@ZmqListener(id = "later.mono", endpoint = "mono-in")
		Mono<Text> mono(Text question) {
			return Mono.fromCallable(() -> {
				if (question.text().equals("fail")) {
					throw new IllegalStateException("no answer");
				}
				return new Text(question.text().toUpperCase());
			}).subscribeOn(Schedulers.boundedElastic());
		}

		@ZmqListener(id = "later.jobs", endpoint = "jobs-in")
		CompletableFuture<Void> job(String job) {
			return CompletableFuture.runAsync(() -> {
				if (job.equals("boom")) {
					throw new IllegalStateException("boom");
				}
				this.jobs.add(job);
			});
		}

		/**
		 * Holds questions starting with "hold" until the test completes them; answers the
		 * others on another thread.
		 */
		private CompletableFuture<Text> answer(Text question) {
			if (question.text().startsWith("hold")) {
				return this.held.computeIfAbsent(question.text(), (text) -> new CompletableFuture<>());
			}
			return CompletableFuture.supplyAsync(() -> {
				if (question.text().equals("fail")) {
					throw new IllegalStateException("no answer");
				}
				return new Text(question.text().toUpperCase());
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainFutureListener {

		@ZmqListener(endpoint = "ask-in")
		Future<String> ask(String question) {
			return new FutureTask<>(() -> question);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainFutureJob {

		@ZmqListener(endpoint = "jobs-in")
		Future<Void> job(String job) {
			return new FutureTask<>(() -> null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FluxListener {

		@ZmqListener(endpoint = "ask-in")
		Flux<String> ask(String question) {
			return Flux.just(question, question);
		}

	}

}
