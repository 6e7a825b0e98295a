package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.ZmqHeaders;
import dev.zmqspring.support.ZmqMessageFormatException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Listener methods bound the way spring-messaging binds them: {@code @Payload} with
 * {@code @Valid}, {@code @Header} converted to the parameter's type, {@code @Headers},
 * {@code MessageHeaders} and {@code Message<T>}, over real sockets. A payload that fails
 * validation goes to the error handler, is answered {@code BAD_REQUEST} where a requester
 * waits, and never stops the listener, on every socket type that receives.
 */
@Timeout(60)
class MessagingBindingTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ValidationAutoConfiguration.class))
		.withUserConfiguration(BoundListeners.class)
		.withPropertyValues(allEndpoints())
		.withPropertyValues("zmq.endpoints.sub-in.topics=", "zmq.endpoints.sub-out.min-subscribers=1");

	private static String[] allEndpoints() {
		return java.util.stream.Stream
			.of(endpoints("pull", "PULL", "bind", "PUSH", "connect", true),
					endpoints("message", "PULL", "bind", "PUSH", "connect", true),
					endpoints("pair", "PAIR", "bind", "PAIR", "connect", false),
					endpoints("sub", "SUB", "connect", "PUB", "bind", false),
					endpoints("rep", "REP", "bind", "REQ", "connect", false),
					endpoints("router", "ROUTER", "bind", "DEALER", "connect", false))
			.flatMap(java.util.Arrays::stream)
			.toArray(String[]::new);
	}

	/** A listener endpoint and the endpoint that sends to it, over inproc. */
	private static String[] endpoints(String name, String type, String side, String peerType, String peerSide,
			boolean headers) {
		String address = "inproc://binding-" + name;
		return new String[] { "zmq.endpoints." + name + "-in.type=" + type,
				"zmq.endpoints." + name + "-in." + side + "=" + address,
				"zmq.endpoints." + name + "-in.headers-frame=" + headers,
				"zmq.endpoints." + name + "-out.type=" + peerType,
				"zmq.endpoints." + name + "-out." + peerSide + "=" + address,
				"zmq.endpoints." + name + "-out.headers-frame=" + headers };
	}

	@Test
	void payloadHeadersConvertedAndAllHeadersAreBound() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("pull-out", null, new Order("o-1", 2), Map.of("priority", "7", "region", "eu"));
			template.convertAndSend("pull-out", null, new Order("o-2", 3), Map.of("priority", "1"));
			BoundListeners listeners = context.getBean(BoundListeners.class);
			await().atMost(WAIT).until(() -> listeners.received.size() == 2);
			assertThat(listeners.received).containsExactly("o-1 x2 priority 8 region eu on pull-in",
					"o-2 x3 priority 2 region null on pull-in");
		});
	}

	@Test
	void aMessageParameterCarriesTheTypedPayloadAndTheHeaders() {
		this.runner.run(context -> {
			context.getBean(ZmqTemplate.class)
				.convertAndSend("message-out", null, new Order("o-3", 4), Map.of("source", "web"));
			BoundListeners listeners = context.getBean(BoundListeners.class);
			await().atMost(WAIT).until(() -> listeners.received.size() == 1);
			assertThat(listeners.received).containsExactly("Order o-3 from web, topic null, source web");
		});
	}

	@Test
	void anApplicationWithOnlyABeanValidationValidatorValidatesToo() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(BoundListeners.class)
			.withPropertyValues(allEndpoints())
			.withBean(jakarta.validation.Validator.class,
					() -> jakarta.validation.Validation.buildDefaultValidatorFactory().getValidator())
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				template.convertAndSend("pull-out", null, new Order(" ", -1), Map.of("priority", "1"));
				template.convertAndSend("pull-out", null, new Order("o-9", 1), Map.of("priority", "1"));
				BoundListeners listeners = context.getBean(BoundListeners.class);
				await().atMost(WAIT).until(() -> listeners.received.size() == 1 && listeners.errors.size() == 1);
				assertThat(listeners.errors.get(0).getCause()).isInstanceOf(PayloadNotValidException.class);
			});
	}

	@Test
	void aValidMessageParameterIsValidatedAndHeaderNamesAndDefaultsTakePlaceholdersAndExpressions() {
		this.runner.withPropertyValues("app.source-header=origin").run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("message-out", null, new Order(" ", -1), Map.of("origin", "web"));
			template.convertAndSend("message-out", null, new Order("o-4", 1), Map.of("origin", "shop"));
			template.convertAndSend("message-out", null, new Order("o-5", 1), Map.of());
			BoundListeners listeners = context.getBean(BoundListeners.class);
			await().atMost(WAIT).until(() -> listeners.received.size() == 2 && listeners.errors.size() == 1);
			assertThat(listeners.received).containsExactly("Order o-4 from null, topic null, source shop",
					"Order o-5 from null, topic null, source unknown");
			assertThat(listeners.errors.get(0).getCause()).isInstanceOf(PayloadNotValidException.class);
		});
	}

	@Test
	void aMissingRequiredHeaderOrOneThatDoesNotConvertIsAMalformedMessage() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.convertAndSend("pull-out", null, new Order("o-4", 1), Map.of("region", "eu"));
			template.convertAndSend("pull-out", null, new Order("o-5", 1), Map.of("priority", "high"));
			template.convertAndSend("pull-out", null, new Order("o-6", 1), Map.of("priority", "3"));
			template.convertAndSend("pull-out", null, new Order("o-7", 1), Map.of("priority", ""));
			BoundListeners listeners = context.getBean(BoundListeners.class);
			await().atMost(WAIT).until(() -> listeners.received.size() == 1 && listeners.errors.size() == 3);
			assertThat(listeners.received).containsExactly("o-6 x1 priority 4 region null on pull-in");
			assertThat(listeners.errors).extracting(ZmqListenerException::getCause)
				.allSatisfy((cause) -> assertThat(cause).isInstanceOf(ZmqMessageFormatException.class))
				.extracting(Throwable::getMessage)
				.containsExactly("The message has no header 'priority', which the listener requires",
						"Header 'priority' cannot be read as int",
						"The message has no header 'priority', which the listener requires");
		});
	}

	@Test
	void aPayloadAnnotatedAsRequiredCannotBeJsonNull() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			template.send("pull-out", null, "null".getBytes(java.nio.charset.StandardCharsets.UTF_8),
					Map.of("priority", "1"));
			template.convertAndSend("pull-out", null, new Order("o-8", 1), Map.of("priority", "1"));
			BoundListeners listeners = context.getBean(BoundListeners.class);
			await().atMost(WAIT).until(() -> listeners.received.size() == 1 && listeners.errors.size() == 1);
			assertThat(listeners.errors.get(0).getCause())
				.isInstanceOf(dev.zmqspring.support.converter.ZmqConversionException.class)
				.hasMessageContaining("@Payload(required = false)");
		});
	}

	@Test
	void aPayloadThatFailsValidationIsHandledOnEverySocketTypeAndTheNextIsProcessed() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			BoundListeners listeners = context.getBean(BoundListeners.class);
			for (String oneWay : List.of("pair", "sub")) {
				template.convertAndSend(oneWay + "-out", new Order("", 1));
				template.convertAndSend(oneWay + "-out", new Order("fine-" + oneWay, 1));
			}
			for (String requesting : List.of("rep", "router")) {
				assertThatExceptionOfType(ZmqRemoteException.class)
					.isThrownBy(() -> template.request(requesting + "-out", new Order(" ", -1), String.class))
					.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo("BAD_REQUEST"))
					.withMessageContaining("The request is not valid")
					.withMessageContaining("id must not be blank")
					.withMessageContaining("quantity must be greater than 0");
				assertThat(template.request(requesting + "-out", new Order("fine-" + requesting, 1), String.class))
					.isEqualTo("fine-" + requesting + " on " + requesting + "-in");
			}
			await().atMost(WAIT).until(() -> listeners.received.size() == 2 && listeners.errors.size() == 4);
			assertThat(listeners.received).containsExactlyInAnyOrder("fine-pair on pair-in", "fine-sub on sub-in");
			assertThat(listeners.errors).extracting(ZmqListenerException::getCause)
				.allSatisfy((cause) -> assertThat(cause).isInstanceOf(MethodArgumentNotValidException.class));
			for (String type : List.of("pair", "sub", "rep", "router")) {
				assertThat(container(context, "binding." + type).getStatistics().getErrors()).as(type).isEqualTo(1);
				assertThat(container(context, "binding." + type).isRunning()).as(type).isTrue();
			}
		});
	}

	@Test
	void aValidatedPayloadWithoutAValidatorFailsStartupNamingTheFix() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(BoundListeners.class)
			.withPropertyValues(allEndpoints())
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("is to be validated (@Valid), but no Validator was given: the application has"
						+ " none (add spring-boot-starter-validation"));
	}

	private static ZmqListenerContainer container(AssertableApplicationContext context, String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id);
	}

	record Order(@NotBlank String id, @Positive int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	static class BoundListeners {

		final List<String> received = new CopyOnWriteArrayList<>();

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.errors::add;
		}

		@ZmqListener(id = "binding.pull", endpoint = "pull-in")
		void order(@Header("priority") int priority, @Payload @Valid Order order,
				@Header(name = "region", required = false) String region, @Headers Map<String, Object> headers) {
			this.received.add(order.id() + " x" + order.quantity() + " priority " + (priority + 1) + " region " + region
					+ " on " + headers.get(ZmqHeaders.ENDPOINT));
		}

		@ZmqListener(id = "binding.message", endpoint = "message-in")
		void message(@Valid Message<Order> message,
				@Header(name = "${app.source-header:source}", defaultValue = "#{'un' + 'known'}") String source) {
			MessageHeaders headers = message.getHeaders();
			this.received
				.add(message.getPayload().getClass().getSimpleName() + " " + message.getPayload().id() + " from "
						+ headers.get("source") + ", topic " + headers.get(ZmqHeaders.TOPIC) + ", source " + source);
		}

		@ZmqListener(id = "binding.pair", endpoint = "pair-in")
		void pair(@Valid Order order, MessageHeaders headers,
				@Header("trace") java.util.Optional<java.util.UUID> trace) {
			this.received
				.add(order.id() + " on " + headers.get(ZmqHeaders.ENDPOINT) + trace.map((id) -> " traced").orElse(""));
		}

		@ZmqListener(id = "binding.sub", endpoint = "sub-in")
		void sub(@Valid Order order, @Header(ZmqHeaders.ENDPOINT) String endpoint) {
			this.received.add(order.id() + " on " + endpoint);
		}

		@ZmqListener(id = "binding.rep", endpoint = "rep-in")
		String rep(@Valid Order order, @Header(ZmqHeaders.ENDPOINT) String endpoint) {
			return order.id() + " on " + endpoint;
		}

		@ZmqListener(id = "binding.router", endpoint = "router-in")
		String router(@Valid Order order, @Header(ZmqHeaders.ENDPOINT) String endpoint) {
			return order.id() + " on " + endpoint;
		}

	}

}
