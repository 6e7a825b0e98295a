package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A class-level {@code @ZmqListener} has one socket, and hands each message to one of its
 * {@code @ZmqHandler} methods: by topic, then by the logical payload type the sender
 * names, then to the default handler; a message that none takes is an error, never
 * dropped without a word.
 */
@Timeout(30)
class HandlerDispatchTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withPropertyValues("zmq.endpoints.events.type=PUB", "zmq.endpoints.events.bind=inproc://handlers-events",
				"zmq.endpoints.events.min-subscribers=1", "zmq.endpoints.events-in.type=SUB",
				"zmq.endpoints.events-in.connect=inproc://handlers-events", "zmq.endpoints.orders-in.type=PULL",
				"zmq.endpoints.orders-in.bind=inproc://handlers-orders", "zmq.endpoints.orders-in.headers-frame=true",
				"zmq.endpoints.orders.type=PUSH", "zmq.endpoints.orders.connect=inproc://handlers-orders",
				"zmq.endpoints.orders.headers-frame=true", "zmq.endpoints.results-in.type=PULL",
				"zmq.endpoints.results-in.bind=inproc://handlers-results", "zmq.endpoints.results.type=PUSH",
				"zmq.endpoints.results.connect=inproc://handlers-results", "zmq.endpoints.ask-in.type=REP",
				"zmq.endpoints.ask-in.bind=inproc://handlers-ask", "zmq.endpoints.ask-in.headers-frame=true",
				"zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=inproc://handlers-ask",
				"zmq.endpoints.ask.headers-frame=true", "zmq.type-mappings.order-placed=" + OrderPlaced.class.getName(),
				"zmq.type-mappings.order-cancelled=" + OrderCancelled.class.getName());

	@Test
	void eachTopicGoesToItsHandlerAndTheLongestPrefixWins() {
		this.runner.withUserConfiguration(UserEventHandlers.class).run(context -> {
			ZmqListenerContainer container = context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("handlerDispatchTests.UserEventHandlers");
			// No topics on the endpoint or the annotation: the handlers' topics.
			assertThat(container.getEndpoint().topics()).containsExactlyInAnyOrder("user.registered", "user.deleted",
					"user.", "user.renamed.twice");
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			UserEventHandlers handlers = context.getBean(UserEventHandlers.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				template.convertAndSend("events", "user.registered", "ann");
				template.convertAndSend("events", "user.deleted.by-admin", "bob");
				template.convertAndSend("events", "user.renamed", "cy");
				template.convertAndSend("events", "shop.opened", "nobody subscribes");
				assertThat(handlers.received).contains("registered ann", "deleted bob", "other user.renamed cy");
			});
			assertThat(handlers.received).noneMatch(text -> text.contains("nobody"));
			assertThat(container.getStatistics().getErrors()).isZero();
		});
	}

	@Test
	void handlersOfOneSocketAreChosenByTheLogicalTypeTheSenderNames() {
		this.runner.withUserConfiguration(OrderHandlers.class, Results.class).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			OrderHandlers handlers = context.getBean(OrderHandlers.class);
			template.convertAndSend("orders", null, new OrderPlaced("o-1", 3),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-placed"));
			template.convertAndSend("orders", null, new OrderCancelled("o-2", "late"),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-cancelled"));
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.received.size() == 2);
			assertThat(handlers.received).containsExactly("placed o-1 x3", "cancelled o-2: late");
			// The handler's @ZmqSendTo sends its return value on.
			Results results = context.getBean(Results.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> results.received.size() == 1);
			assertThat(results.received).containsExactly("reserved o-1");
		});
	}

	@Test
	void aTypeNameThatIsNotMappedOrAClassNameFromTheWireReachesNoHandlerAndIsCounted() {
		this.runner.withUserConfiguration(OrderHandlers.class, Results.class, RecordingErrors.class).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			OrderHandlers handlers = context.getBean(OrderHandlers.class);
			template.convertAndSend("orders", null, new OrderPlaced("o-1", 1),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, OrderPlaced.class.getName()));
			template.convertAndSend("orders", null, new OrderPlaced("o-2", 1), Map.of());
			template.convertAndSend("orders", null, new OrderPlaced("o-3", 1),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-placed"));
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.received.size() == 1);
			assertThat(handlers.received).containsExactly("placed o-3 x1");
			List<ZmqListenerException> errors = context.getBean(RecordingErrors.class).errors;
			assertThat(errors).hasSize(2);
			assertThat(errors.get(0).getMessage()).contains("is not a name of zmq.type-mappings");
			assertThat(errors.get(1).getMessage()).contains("has no 'payload_type' header");
			assertThat(context.getBean(ZmqListenerEndpointRegistry.class)
				.getListenerContainer("handlerDispatchTests.OrderHandlers")
				.getStatistics()
				.getErrors()).isEqualTo(2);
		});
	}

	@Test
	void theDefaultHandlerTakesWhatNoOtherDoes() {
		this.runner.withUserConfiguration(OrderHandlersWithDefault.class).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			OrderHandlersWithDefault handlers = context.getBean(OrderHandlersWithDefault.class);
			template.convertAndSend("orders", null, "{\"id\":\"o-9\"}", Map.of(ZmqHeaders.PAYLOAD_TYPE, "refund"));
			template.convertAndSend("orders", null, new OrderPlaced("o-1", 2),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-placed"));
			await().atMost(Duration.ofSeconds(10)).until(() -> handlers.received.size() == 2);
			assertThat(handlers.received).containsExactly("other refund", "placed o-1");
		});
	}

	@Test
	void aRepListenersHandlersReplyAndOneThatMatchesNothingIsABadRequest() throws Exception {
		this.runner.withUserConfiguration(AskHandlers.class).run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			// Answered later, once the next request has been answered: the socket serves
			// it meanwhile.
			CompletableFuture<String> cancelled = template.requestAsync("ask", new OrderCancelled("o-2", "late"),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-cancelled"), String.class, null);
			assertThat(template.request("ask", new OrderPlaced("o-1", 2),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-placed"), String.class, null))
				.isEqualTo("placed o-1");
			assertThat(cancelled.get(10, TimeUnit.SECONDS)).isEqualTo("cancelled o-2");
			assertThatExceptionOfType(ZmqRemoteException.class).isThrownBy(
					() -> template.request("ask", "{}", Map.of(ZmqHeaders.PAYLOAD_TYPE, "gift"), String.class, null))
				.satisfies(ex -> assertThat(ex.getCode()).isEqualTo("BAD_REQUEST"));
			assertThat(template.request("ask", new OrderPlaced("o-3", 1),
					Map.of(ZmqHeaders.PAYLOAD_TYPE, "order-placed"), String.class, null))
				.isEqualTo("placed o-3");
		});
	}

	@Test
	void mistakesFailStartupNamingTheFix() {
		assertFailure(HandlerWithoutClassListener.class, "@ZmqHandler on HandlerWithoutClassListener.take() of bean",
				"annotate the class with @ZmqListener");
		assertFailure(ClassListenerWithoutHandlers.class,
				"has none; annotate the methods that receive with @ZmqHandler");
		assertFailure(TopicsOnPull.class,
				"@ZmqListener on class TopicsOnPull of bean 'handlerDispatchTests.TopicsOnPull': @ZmqHandler TopicsOnPull.take(): topics are for SUB listeners, but the socket type is PULL");
		assertFailure(TwoDefaults.class, "is the default handler already");
		assertFailure(UnreachableTopic.class, "handles topic 'shop.', but the listener subscribes to [user.] only");
		assertFailure(SameTypeTwice.class, "takes OrderPlaced without topics too");
		assertFailure(UnmappedType.class,
				"@ZmqListener on class UnmappedType of bean 'handlerDispatchTests.UnmappedType': @ZmqHandler UnmappedType.refund(): several",
				"add zmq.type-mappings.<name>=" + HandlerDispatchTests.class.getName() + "$Refund");
		assertFailure(ListenerAndHandler.class, "the method is annotated with @ZmqListener too");
		assertFailure(TypesWithoutHeadersFrame.class, "@ZmqHandler TypesWithoutHeadersFrame.",
				"set zmq.endpoints.results-in.headers-frame=true");
		assertFailure(TopiclessNeverCalled.class, "@ZmqHandler TopiclessNeverCalled.rest(): declares no topics",
				"would never be called");
		assertFailure(BadHandlerParameters.class,
				"@ZmqListener on class BadHandlerParameters of bean 'handlerDispatchTests.BadHandlerParameters': @ZmqHandler BadHandlerParameters.take(): @ZmqListener method");
	}

	private void assertFailure(Class<?> configuration, String... fragments) {
		this.runner.withUserConfiguration(configuration).run(context -> {
			assertThat(context).hasFailed();
			for (String fragment : fragments) {
				assertThat(context.getStartupFailure()).hasStackTraceContaining(fragment);
			}
		});
	}

	record OrderPlaced(String id, int quantity) {
	}

	record OrderCancelled(String id, String reason) {
	}

	record Refund(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "events-in")
	static class UserEventHandlers {

		final Set<String> received = new CopyOnWriteArraySet<>();

		@ZmqHandler(topics = "user.registered")
		void registered(String name) {
			this.received.add("registered " + name);
		}

		@ZmqHandler(topics = "user.deleted")
		void deleted(String name) {
			this.received.add("deleted " + name);
		}

		@ZmqHandler(topics = { "user.", "user.renamed.twice" })
		void any(@Header(ZmqHeaders.TOPIC) String topic, String name) {
			this.received.add("other " + topic + " " + name);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class OrderHandlers {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqHandler
		@ZmqSendTo("results")
		String placed(OrderPlaced order) {
			this.received.add("placed " + order.id() + " x" + order.quantity());
			return "reserved " + order.id();
		}

		@ZmqHandler
		void cancelled(OrderCancelled order) {
			this.received.add("cancelled " + order.id() + ": " + order.reason());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Results {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "results-in")
		void result(String text) {
			this.received.add(text);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingErrors {

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.errors::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class OrderHandlersWithDefault {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqHandler
		void placed(OrderPlaced order) {
			this.received.add("placed " + order.id());
		}

		@ZmqHandler
		void cancelled(OrderCancelled order) {
			this.received.add("cancelled " + order.id());
		}

		@ZmqHandler(isDefault = true)
		void other(@Header(ZmqHeaders.PAYLOAD_TYPE) String type, byte[] payload) {
			this.received.add("other " + type);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "ask-in")
	static class AskHandlers {

		private final CompletableFuture<Void> placedOnce = new CompletableFuture<>();

		@ZmqHandler
		String placed(OrderPlaced order) {
			this.placedOnce.complete(null);
			return "placed " + order.id();
		}

		@ZmqHandler
		CompletableFuture<String> cancelled(OrderCancelled order) {
			return this.placedOnce.thenApplyAsync((ignored) -> "cancelled " + order.id());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HandlerWithoutClassListener {

		@ZmqHandler
		void take(OrderPlaced order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class ClassListenerWithoutHandlers {

		void take(OrderPlaced order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class TopicsOnPull {

		@ZmqHandler(topics = "user.")
		void take(OrderPlaced order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class TwoDefaults {

		@ZmqHandler(isDefault = true)
		void one(byte[] payload) {
		}

		@ZmqHandler(isDefault = true)
		void two(byte[] payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "events-in", topics = "user.")
	static class UnreachableTopic {

		@ZmqHandler(topics = "user.registered")
		void registered(String name) {
		}

		@ZmqHandler(topics = "shop.")
		void shop(String name) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class SameTypeTwice {

		@ZmqHandler
		void one(OrderPlaced order) {
		}

		@ZmqHandler
		void two(OrderPlaced order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class UnmappedType {

		@ZmqHandler
		void placed(OrderPlaced order) {
		}

		@ZmqHandler
		void refund(Refund refund) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "results-in")
	static class TypesWithoutHeadersFrame {

		@ZmqHandler
		void placed(OrderPlaced order) {
		}

		@ZmqHandler
		void cancelled(OrderCancelled order) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "events-in", topics = "user.")
	static class TopiclessNeverCalled {

		@ZmqHandler(topics = "user.")
		void users(String name) {
		}

		@ZmqHandler
		void rest(String name) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class BadHandlerParameters {

		@ZmqHandler
		void take(OrderPlaced one, OrderPlaced two) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ZmqListener(endpoint = "orders-in")
	static class ListenerAndHandler {

		@ZmqHandler
		@ZmqListener(endpoint = "results-in")
		void take(OrderPlaced order) {
		}

	}

}
