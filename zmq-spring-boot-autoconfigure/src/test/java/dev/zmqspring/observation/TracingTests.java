package dev.zmqspring.observation;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerException;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.testsupport.Tracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.annotation.PreDestroy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;

import static dev.zmqspring.testsupport.Tracing.PATIENCE;
import static dev.zmqspring.testsupport.Tracing.awaitSpan;
import static dev.zmqspring.testsupport.Tracing.inParentObservation;
import static dev.zmqspring.testsupport.Tracing.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * One trace across every hop, with a real tracer (Spring Boot's OpenTelemetry tracing and
 * the SDK's in-memory exporter): the sender's span, the trace context in the headers
 * frame, the listener's span as its child, the listener's log correlation, and the timers
 * the observations make.
 */
@Timeout(60)
class TracingTests {

	private final ApplicationContextRunner runner = Tracing.runner();

	@Test
	void aPushPullHopContinuesTheSendersTraceInAnotherApplication() {
		this.runner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=PULL", "zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.orders-in.headers-frame=true", "zmq.listener.concurrency=2")
			.run((receiver) -> {
				assertThat(receiver).hasNotFailed();
				String address = receiver.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("orders")
					.getAddresses()
					.get(0);
				this.runner
					.withPropertyValues("zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.connect=" + address,
							"zmq.endpoints.orders.headers-frame=true")
					.run((sender) -> {
						assertThat(sender).hasNotFailed();
						String traceId = inParentObservation(sender,
								() -> sender.getBean(ZmqTemplate.class).convertAndSend("orders", "order-1"));
						OrderListener listener = receiver.getBean(OrderListener.class);
						await().atMost(PATIENCE).until(() -> listener.received.size() == 1);

						SpanData send = awaitSpan(sender, "send orders");
						SpanData process = awaitSpan(receiver, "process orders-in");
						assertThat(send.getTraceId()).isEqualTo(traceId);
						assertThat(send.getKind()).isEqualTo(SpanKind.PRODUCER);
						assertThat(process.getTraceId()).as("the listener continues the sender's trace")
							.isEqualTo(traceId);
						assertThat(process.getParentSpanId()).isEqualTo(send.getSpanId());
						assertThat(process.getKind()).isEqualTo(SpanKind.CONSUMER);
						assertThat(listener.received.get(0).getHeaders().get("traceparent")).contains(traceId)
							.contains(send.getSpanId());
						assertThat(listener.logTraceIds).as("the listener's log lines carry the trace id")
							.containsExactly(traceId);
						assertThat(listener.currentSpans).containsExactly(process.getSpanId());
						assertThat(process.getAttributes().asMap().toString()).contains("messaging.system=zeromq",
								"zmq.listener.id=orders", "zmq.outcome=success");

						MeterRegistry meters = sender.getBean(MeterRegistry.class);
						assertThat(meters.get("zmq.send")
							.tag("messaging.destination.name", "orders")
							.tag("zmq.outcome", "success")
							.timer()
							.count()).isEqualTo(1);
						assertThat(receiver.getBean(MeterRegistry.class)
							.get("zmq.listener")
							.tag("zmq.listener.id", "orders")
							.tag("exception", "none")
							.timer()
							.count()).isEqualTo(1);
					});
			});
	}

	@Test
	void aPipelineStageThatSendsItsResultOnIsOneTraceFromVentilatorToSink() {
		this.runner.withUserConfiguration(PipelineStage.class)
			.withPropertyValues("zmq.endpoints.tasks.type=PUSH", "zmq.endpoints.tasks.bind=inproc://traced-tasks",
					"zmq.endpoints.tasks.headers-frame=true", "zmq.endpoints.worker.type=PULL",
					"zmq.endpoints.worker.connect=inproc://traced-tasks", "zmq.endpoints.worker.headers-frame=true",
					"zmq.endpoints.results.type=PUSH", "zmq.endpoints.results.connect=inproc://traced-results",
					"zmq.endpoints.results.headers-frame=true", "zmq.endpoints.sink.type=PULL",
					"zmq.endpoints.sink.bind=inproc://traced-results", "zmq.endpoints.sink.headers-frame=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String traceId = inParentObservation(context,
						() -> context.getBean(ZmqTemplate.class).convertAndSend("tasks", "square 7"));
				PipelineStage stage = context.getBean(PipelineStage.class);
				await().atMost(PATIENCE).until(() -> stage.results.size() == 1);

				SpanData tasks = awaitSpan(context, "send tasks");
				SpanData work = awaitSpan(context, "process worker");
				SpanData results = awaitSpan(context, "send results");
				SpanData sink = awaitSpan(context, "process sink");
				assertThat(List.of(tasks, work, results, sink))
					.allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(traceId));
				assertThat(work.getParentSpanId()).isEqualTo(tasks.getSpanId());
				assertThat(results.getParentSpanId()).as("the @ZmqSendTo result is sent in the listener's span")
					.isEqualTo(work.getSpanId());
				assertThat(sink.getParentSpanId()).isEqualTo(results.getSpanId());
			});
	}

	@Test
	void aPublicationAndItsTwoSubscribersShareOneTrace() {
		this.runner.withUserConfiguration(TwoSubscribers.class)
			.withPropertyValues("zmq.endpoints.news.type=PUB", "zmq.endpoints.news.bind=inproc://traced-news",
					"zmq.endpoints.news.headers-frame=true", "zmq.endpoints.news.min-subscribers=2",
					"zmq.endpoints.news-a.type=SUB", "zmq.endpoints.news-a.connect=inproc://traced-news",
					"zmq.endpoints.news-a.headers-frame=true", "zmq.endpoints.news-b.type=SUB",
					"zmq.endpoints.news-b.connect=inproc://traced-news", "zmq.endpoints.news-b.headers-frame=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String traceId = inParentObservation(context,
						() -> context.getBean(ZmqTemplate.class).convertAndSend("news", "sport", "goal"));
				TwoSubscribers subscribers = context.getBean(TwoSubscribers.class);
				await().atMost(PATIENCE).until(() -> subscribers.received.size() == 2);

				SpanData send = awaitSpan(context, "send news");
				SpanData a = awaitSpan(context, "process news-a");
				SpanData b = awaitSpan(context, "process news-b");
				assertThat(List.of(send, a, b)).allSatisfy((span) -> assertThat(span.getTraceId()).isEqualTo(traceId));
				assertThat(a.getParentSpanId()).isEqualTo(send.getSpanId());
				assertThat(b.getParentSpanId()).isEqualTo(send.getSpanId());
				assertThat(send.getAttributes().asMap().toString()).contains("zmq.topic=sport");
			});
	}

	@Test
	void aRequestThatTimesOutOnceIsOneSpanWithARetryEventAndTheServersSpansAreItsChildren() {
		this.runner.withUserConfiguration(SlowFirstAnswer.class)
			.withPropertyValues("zmq.endpoints.stock-in.type=ROUTER",
					"zmq.endpoints.stock-in.bind=inproc://traced-stock", "zmq.endpoints.stock-in.headers-frame=true",
					"zmq.endpoints.stock.type=REQ", "zmq.endpoints.stock.connect=inproc://traced-stock",
					"zmq.endpoints.stock.headers-frame=true", "zmq.endpoints.stock.request-timeout=300ms",
					"zmq.endpoints.stock.request-retries=1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String[] reply = new String[1];
				String traceId = inParentObservation(context,
						() -> reply[0] = context.getBean(ZmqTemplate.class).request("stock", "SKU-1", String.class));
				assertThat(reply[0]).isEqualTo("7 of SKU-1");

				SpanData request = awaitSpan(context, "request stock");
				assertThat(request.getTraceId()).isEqualTo(traceId);
				assertThat(request.getKind()).isEqualTo(SpanKind.CLIENT);
				assertThat(request.getEvents()).extracting((event) -> event.getName())
					.containsExactly("zmq.request.retry");
				assertThat(request.getAttributes().asMap().toString()).contains("zmq.request.attempts=2",
						"zmq.outcome=success");
				await().atMost(PATIENCE).until(() -> spans(context, "process stock-in").size() == 2);
				assertThat(spans(context, "process stock-in")).allSatisfy((server) -> {
					assertThat(server.getTraceId()).isEqualTo(traceId);
					assertThat(server.getParentSpanId()).isEqualTo(request.getSpanId());
				});
			});
	}

	@Test
	void anAsynchronousReplyEndsTheListenersSpanWhenItCompletesAndItsFailureIsHandledInTheTrace() {
		this.runner.withUserConfiguration(AsyncStock.class)
			.withPropertyValues("zmq.endpoints.stock-in.type=REP", "zmq.endpoints.stock-in.bind=inproc://traced-async",
					"zmq.endpoints.stock-in.headers-frame=true", "zmq.endpoints.stock.type=REQ",
					"zmq.endpoints.stock.connect=inproc://traced-async", "zmq.endpoints.stock.headers-frame=true",
					"zmq.endpoints.stock.request-retries=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				AsyncStock stock = context.getBean(AsyncStock.class);
				CompletableFuture<String> reply = new CompletableFuture<>();
				String okTrace = inParentObservation(context,
						() -> template.requestAsync("stock", "SKU-1", String.class, null)
							.whenComplete((value, failure) -> {
								if (failure != null) {
									reply.completeExceptionally(failure);
								}
								else {
									reply.complete(value);
								}
							}));
				// The listener has returned its future; it completes only now.
				await().atMost(PATIENCE).until(() -> stock.pending.size() == 1);
				long completedAt = Instant.now().toEpochMilli() * 1_000_000;
				stock.pending.get(0).complete("3 of SKU-1");
				assertThat(reply.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("3 of SKU-1");
				String failedTrace = inParentObservation(context,
						() -> assertThatThrownBy(() -> template.request("stock", "BAD", String.class))
							.isInstanceOf(ZmqRemoteException.class));

				await().atMost(PATIENCE).until(() -> spans(context, "process stock-in").size() == 2);
				SpanData ok = spans(context, "process stock-in").stream()
					.filter((span) -> span.getTraceId().equals(okTrace))
					.findFirst()
					.orElseThrow();
				assertThat(ok.getEndEpochNanos()).as("ended once the future completed, not when the method returned")
					.isGreaterThanOrEqualTo(completedAt);
				SpanData failed = spans(context, "process stock-in").stream()
					.filter((span) -> span.getTraceId().equals(failedTrace))
					.findFirst()
					.orElseThrow();
				assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(failed.getAttributes().asMap().toString()).contains("exception=IllegalStateException");
				assertThat(context.getBean(RecordingErrorHandler.class).logTraceIds)
					.as("the error handler runs on the completing thread, in the request's trace")
					.containsExactly(failedTrace);
			});
	}

	@Test
	void aListenerThatAnswersWithACompletedFutureLeavesNoTraceOnItsThread() {
		this.runner.withUserConfiguration(CompletedAnswers.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=PULL",
					"zmq.endpoints.orders-in.bind=inproc://traced-completed",
					"zmq.endpoints.orders-in.headers-frame=true", "zmq.endpoints.orders.type=PUSH",
					"zmq.endpoints.orders.connect=inproc://traced-completed", "zmq.endpoints.orders.headers-frame=true",
					"zmq.endpoints.untraced.type=PUSH", "zmq.endpoints.untraced.connect=inproc://traced-completed",
					"zmq.endpoints.untraced.headers-frame=true", "zmq.endpoints.untraced.observation-enabled=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				CompletedAnswers answers = context.getBean(CompletedAnswers.class);
				// What the listener's thread holds once it is done with a message.
				List<String> leftOnTheThread = new CopyOnWriteArrayList<>();
				context.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("completed")
					.setListenerObserver((nanos, failed) -> leftOnTheThread.add(MDC.get("traceId") + " "
							+ io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()));
				String traceId = inParentObservation(context, () -> template.convertAndSend("orders", "traced"));
				await().atMost(PATIENCE).until(() -> answers.logTraceIds.size() == 1);
				await().atMost(PATIENCE).until(() -> leftOnTheThread.size() == 1);
				assertThat(leftOnTheThread).as("no trace left on the listener's thread").containsExactly("null false");
				// A message without a trace context, on the same listener thread.
				template.convertAndSend("untraced", "untraced");
				await().atMost(PATIENCE).until(() -> answers.logTraceIds.size() == 2);
				assertThat(answers.logTraceIds.get(0)).isEqualTo(traceId);
				assertThat(answers.logTraceIds.get(1)).as("a trace of its own, not the previous message's")
					.isNotEqualTo(traceId)
					.isNotEqualTo("null");
			});
	}

	@Test
	void aMessageWhoseHeadersLeaveNoRoomForTheTraceContextGoesWithoutIt() {
		this.runner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=PULL",
					"zmq.endpoints.orders-in.bind=inproc://traced-full", "zmq.endpoints.orders-in.headers-frame=true",
					"zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.connect=inproc://traced-full",
					"zmq.endpoints.orders.headers-frame=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Map<String, String> full = new HashMap<>();
				for (int i = 0; i < HeadersFrameCodec.MAX_HEADERS; i++) {
					full.put("h" + i, "v" + i);
				}
				inParentObservation(context,
						() -> context.getBean(ZmqTemplate.class).convertAndSend("orders", null, "order-1", full));
				OrderListener listener = context.getBean(OrderListener.class);
				await().atMost(PATIENCE).until(() -> listener.received.size() == 1);
				Map<String, String> received = listener.received.get(0).getHeaders().asMap();
				assertThat(received).containsAllEntriesOf(full).doesNotContainKey("traceparent");
				assertThat(awaitSpan(context, "send orders").getStatus().getStatusCode())
					.isNotEqualTo(StatusCode.ERROR);
			});
	}

	@Test
	void aRequestWithoutAReplyEndsItsSpanAsATimeout() {
		this.runner
			.withPropertyValues("zmq.endpoints.nobody.type=REQ", "zmq.endpoints.nobody.connect=inproc://traced-nobody",
					"zmq.endpoints.nobody.headers-frame=true", "zmq.endpoints.nobody.request-timeout=100ms",
					"zmq.endpoints.nobody.request-retries=0")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThatThrownBy(() -> context.getBean(ZmqTemplate.class).request("nobody", "ping", String.class))
					.isInstanceOf(ZmqRequestTimeoutException.class);
				SpanData request = awaitSpan(context, "request nobody");
				assertThat(request.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
				assertThat(request.getAttributes().asMap().toString()).contains("zmq.outcome=timeout",
						"exception=ZmqRequestTimeoutException");
				assertThat(context.getBean(MeterRegistry.class)
					.get("zmq.request")
					.tag("zmq.outcome", "timeout")
					.timer()
					.count()).isEqualTo(1);
			});
	}

	@Test
	void anEndpointWithoutAHeadersFrameIsObservedButKeepsItsOneFrameWireFormat() {
		this.runner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=PULL",
					"zmq.endpoints.orders-in.bind=inproc://traced-plain", "zmq.endpoints.orders.type=PUSH",
					"zmq.endpoints.orders.connect=inproc://traced-plain")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String traceId = inParentObservation(context,
						() -> context.getBean(ZmqTemplate.class).convertAndSend("orders", "order-1"));
				OrderListener listener = context.getBean(OrderListener.class);
				await().atMost(PATIENCE).until(() -> listener.received.size() == 1);
				assertThat(listener.received.get(0).getFrames()).hasSize(1);
				assertThat(awaitSpan(context, "send orders").getTraceId()).isEqualTo(traceId);
				assertThat(awaitSpan(context, "process orders-in").getTraceId())
					.as("without a headers frame the context cannot travel")
					.isNotEqualTo(traceId);
			});
	}

	@Test
	void observationsSwitchedOffGloballyOrForOneEndpointMakeNoSpanAndSendNoTraceContext() {
		this.runner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("zmq.observation.enabled=false", "zmq.endpoints.orders-in.type=PULL",
					"zmq.endpoints.orders-in.bind=inproc://traced-off", "zmq.endpoints.orders-in.headers-frame=true",
					"zmq.endpoints.orders-in.observation-enabled=true", "zmq.endpoints.orders.type=PUSH",
					"zmq.endpoints.orders.connect=inproc://traced-off", "zmq.endpoints.orders.headers-frame=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				inParentObservation(context,
						() -> context.getBean(ZmqTemplate.class).convertAndSend("orders", "order-1"));
				OrderListener listener = context.getBean(OrderListener.class);
				await().atMost(PATIENCE).until(() -> listener.received.size() == 1);
				assertThat(listener.received.get(0).getHeaders().get("traceparent")).isNull();
				awaitSpan(context, "process orders-in");
				assertThat(spans(context, "send orders")).isEmpty();
			});
	}

	@Test
	void aMalformedOrHostileTraceparentStartsANewTraceAndNeverFailsTheListener() {
		this.runner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("zmq.endpoints.orders-in.type=PULL",
					"zmq.endpoints.orders-in.bind=inproc://traced-hostile",
					"zmq.endpoints.orders-in.headers-frame=true", "zmq.endpoints.orders.type=PUSH",
					"zmq.endpoints.orders.connect=inproc://traced-hostile", "zmq.endpoints.orders.headers-frame=true",
					"zmq.observation.enabled=false", "zmq.endpoints.orders-in.observation-enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				List<String> hostile = List.of("garbage", "", "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
						"ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
						"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra-" + "x".repeat(4000),
						"00-ZZZ92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\n\u0000");
				for (String traceparent : hostile) {
					template.convertAndSend("orders", null, "order", Map.of("traceparent", traceparent, "tracestate",
							"=;,,=" + "y".repeat(100), "baggage", "%%%;;;=="));
				}
				String valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
				template.convertAndSend("orders", null, "order", Map.of("traceparent", valid));
				OrderListener listener = context.getBean(OrderListener.class);
				await().atMost(PATIENCE).until(() -> listener.received.size() == hostile.size() + 1);
				await().atMost(PATIENCE).until(() -> spans(context, "process orders-in").size() == hostile.size() + 1);

				assertThat(listener.logTraceIds.subList(0, hostile.size())).as("each a trace of its own")
					.doesNotHaveDuplicates()
					.noneMatch((traceId) -> traceId.equals("0".repeat(32)))
					.noneMatch((traceId) -> traceId.startsWith("4bf92f35"));
				assertThat(listener.logTraceIds.get(hostile.size()))
					.as("a well-formed context from a peer is continued")
					.isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
				assertThat(spans(context, "process orders-in"))
					.allSatisfy((span) -> assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR));
			});
	}

	static class OrderListener {

		final List<ZmqMessage> received = new CopyOnWriteArrayList<>();

		final List<String> logTraceIds = new CopyOnWriteArrayList<>();

		final List<String> currentSpans = new CopyOnWriteArrayList<>();

		private final Tracer tracer;

		OrderListener(Tracer tracer) {
			this.tracer = tracer;
		}

		@ZmqListener(id = "orders", endpoint = "orders-in")
		void onOrder(ZmqMessage message) {
			this.logTraceIds.add(String.valueOf(MDC.get("traceId")));
			Span span = this.tracer.currentSpan();
			this.currentSpans.add((span != null) ? span.context().spanId() : "none");
			this.received.add(message);
		}

	}

	static class PipelineStage {

		final List<String> results = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "worker")
		@ZmqSendTo("results")
		String work(String task) {
			return "done: " + task;
		}

		@ZmqListener(endpoint = "sink")
		void sink(String result) {
			this.results.add(result);
		}

	}

	@Import(RecordingErrorHandler.class)
	static class AsyncStock {

		final List<CompletableFuture<String>> pending = new CopyOnWriteArrayList<>();

		private final ExecutorService pool = Executors.newSingleThreadExecutor();

		@ZmqListener(endpoint = "stock-in")
		CompletableFuture<String> stock(String sku) {
			if (sku.equals("BAD")) {
				return CompletableFuture.supplyAsync(() -> {
					throw new IllegalStateException("no such SKU: " + sku);
				}, this.pool);
			}
			// Completed by the test, after this method returned.
			CompletableFuture<String> answer = new CompletableFuture<>();
			this.pending.add(answer);
			return answer;
		}

		@PreDestroy
		void stop() {
			this.pool.shutdown();
		}

	}

	static class CompletedAnswers {

		final List<String> logTraceIds = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "completed", endpoint = "orders-in")
		CompletableFuture<Void> onOrder(String order) {
			this.logTraceIds.add(String.valueOf(MDC.get("traceId")));
			return CompletableFuture.completedFuture(null);
		}

	}

	static class RecordingErrorHandler implements ZmqListenerErrorHandler {

		final List<String> logTraceIds = new CopyOnWriteArrayList<>();

		@Override
		public void handleError(ZmqListenerException exception) {
			this.logTraceIds.add(String.valueOf(MDC.get("traceId")));
		}

	}

	static class TwoSubscribers {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "news-a")
		void a(String news) {
			this.received.add("a " + news);
		}

		@ZmqListener(endpoint = "news-b")
		void b(String news) {
			this.received.add("b " + news);
		}

	}

	static class SlowFirstAnswer {

		private final AtomicInteger calls = new AtomicInteger();

		private final CountDownLatch retried = new CountDownLatch(1);

		/**
		 * Holds the first try's answer until the retry came (on the listener's other
		 * thread): the requester gave up on the first try by then.
		 */
		@ZmqListener(endpoint = "stock-in", concurrency = "2")
		String stock(String sku) throws InterruptedException {
			if (this.calls.incrementAndGet() == 1) {
				assertThat(this.retried.await(20, TimeUnit.SECONDS)).as("the retry came").isTrue();
			}
			else {
				this.retried.countDown();
			}
			return "7 of " + sku;
		}

	}

}
