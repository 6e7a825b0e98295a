package dev.zmqspring.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.listener.ZmqListenerErrorHandler;
import dev.zmqspring.listener.ZmqListenerException;
import dev.zmqspring.support.converter.SimpleZmqMessageConverter;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The headers frame on the wire: its own format whatever the payload converter, on
 * requests too, and closed to a peer that would pass itself off with the receiving side's
 * own headers (endpoint, topic, client identity), the way a wire peer of Spring
 * Integration's ZeroMQ channel could set headers the framework acts on.
 */
@Timeout(60)
class HeadersFrameTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(HeaderListeners.class)
		.withPropertyValues("zmq.endpoints.jobs-in.type=PULL", "zmq.endpoints.jobs-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.jobs-in.headers-frame=true", "zmq.endpoints.ask-in.type=REP",
				"zmq.endpoints.ask-in.bind=inproc://headers-ask", "zmq.endpoints.ask-in.headers-frame=true",
				"zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=inproc://headers-ask",
				"zmq.endpoints.ask.headers-frame=true", "zmq.endpoints.plain.type=PUSH",
				"zmq.endpoints.plain.connect=inproc://headers-plain", "zmq.endpoints.guarded-in.type=REP",
				"zmq.endpoints.guarded-in.bind=tcp://127.0.0.1:*", "zmq.endpoints.guarded-in.headers-frame=true");

	@Test
	void aRawPeerCannotSetTheHeadersOnlyTheReceivingSideSets() {
		this.runner.run(context -> {
			HeaderListeners listeners = context.getBean(HeaderListeners.class);
			try (ZContext peer = new ZContext(); ZMQ.Socket push = peer.createSocket(SocketType.PUSH)) {
				push.setLinger(1000);
				RawSockets.connect(push, container(context, "headers.jobs").getAddresses().get(0));
				push.sendMore("{\"zmq_endpoint\":\"admin-in\",\"zmq_topic\":\"admin.\",\"zmq_identity\":\"00\"}");
				push.send("forged");
				push.sendMore("{\"source\":\"batch\"}");
				push.send("genuine");
				await().atMost(WAIT).until(() -> listeners.jobs.size() == 1 && listeners.errors.size() == 1);
			}
			assertThat(listeners.jobs).containsExactly("genuine from batch on jobs-in, topic null");
			assertThat(listeners.errors.get(0).getCause()).isInstanceOf(ZmqMessageFormatException.class)
				.hasMessageContaining("sets 'zmq_")
				.hasMessageContaining("set by the receiving side only");
			assertThat(container(context, "headers.jobs").getStatistics().getErrors()).isEqualTo(1);
		});
	}

	@Test
	void aRequestWhoseHeadersFrameIsForgedIsAnsweredWithBadRequest() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket req = peer.createSocket(SocketType.REQ)) {
				req.setReceiveTimeOut((int) WAIT.toMillis());
				RawSockets.connect(req, container(context, "headers.guarded").getAddresses().get(0));
				req.sendMore("{\"zmq_identity\":\"0badc0de\"}");
				req.send("who");
				assertThat(req.recvStr()).startsWith("{\"zmq_error\":{\"code\":\"BAD_REQUEST\"");
				req.sendMore("{\"caller\":\"0badc0de\"}");
				req.send("who");
				assertThat(req.recvStr()).isEqualTo("who from 0badc0de");
			}
		});
	}

	@Test
	void requestsCarryHeaders() {
		this.runner.run(context -> {
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			assertThat(template.request("ask", "who", Map.of("tenant", "t-1"), String.class, null))
				.isEqualTo("who for t-1");
			assertThat(template.requestAsync("ask", "who", Map.of("tenant", "t-2"), String.class, null).get())
				.isEqualTo("who for t-2");
		});
	}

	@Test
	void headersForAnEndpointWithoutAHeadersFrameAreRefusedWhenSent() {
		this.runner.run(context -> assertThatIllegalArgumentException()
			.isThrownBy(() -> context.getBean(ZmqTemplate.class)
				.convertAndSend("plain", null, "job", Map.of("source", "batch")))
			.withMessageContaining("Endpoint 'plain' sends no headers frame")
			.withMessageContaining("zmq.endpoints.plain.headers-frame=true"));
	}

	@Test
	void withoutJacksonHeadersAndAtLeastOnceDeliveryWorkWithBytePayloads() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.withUserConfiguration(ByteListener.class)
			.withPropertyValues("zmq.endpoints.out.type=DEALER", "zmq.endpoints.out.delivery=at-least-once",
					"zmq.endpoints.out.connect=inproc://headers-reliable", "zmq.endpoints.in.type=ROUTER",
					"zmq.endpoints.in.delivery=at-least-once", "zmq.endpoints.in.bind=inproc://headers-reliable")
			.run(context -> {
				assertThat(context.getBean(ZmqMessageConverter.class)).isInstanceOf(SimpleZmqMessageConverter.class);
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				for (int i = 0; i < 3; i++) {
					template.send("out", null, new byte[] { (byte) i, (byte) 0xff }, Map.of("source", "batch-" + i));
				}
				ByteListener listener = context.getBean(ByteListener.class);
				await().atMost(WAIT).until(() -> listener.received.size() == 3);
				assertThat(listener.received).containsExactlyInAnyOrder("0,-1 from batch-0", "1,-1 from batch-1",
						"2,-1 from batch-2");
			});
	}

	@Test
	void atLeastOnceHeadersThatCouldNeverBeSentAreRefusedBeforeTheyAreStored() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(ByteListener.class)
			.withPropertyValues("zmq.endpoints.out.type=DEALER", "zmq.endpoints.out.delivery=at-least-once",
					"zmq.endpoints.out.connect=inproc://headers-refused", "zmq.endpoints.in.type=ROUTER",
					"zmq.endpoints.in.delivery=at-least-once", "zmq.endpoints.in.bind=inproc://headers-refused")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				Map<String, String> sixtyThree = new java.util.HashMap<>();
				for (int i = 0; i < 63; i++) {
					sixtyThree.put("h" + i, "v");
				}
				// 63 fit a headers frame, but not with the message id and attempt.
				assertThatIllegalArgumentException()
					.isThrownBy(() -> template.send("out", null, new byte[] { 1 }, sixtyThree))
					.withMessageContaining("at most 64 headers, not 65");
				assertThatIllegalArgumentException()
					.isThrownBy(() -> template.send("out", null, new byte[] { 1 }, Map.of("message_id", "mine")))
					.withMessageContaining("Header 'message_id' is set by at-least-once delivery itself");
				assertThat(context.getBean(dev.zmqspring.reliable.ReliableDeliveryRegistry.class).outboxDepth("out"))
					.isZero();
			});
	}

	private static dev.zmqspring.listener.ZmqListenerContainer container(AssertableApplicationContext context,
			String id) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer(id);
	}

	@Configuration(proxyBeanMethods = false)
	static class HeaderListeners {

		final List<String> jobs = new CopyOnWriteArrayList<>();

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.errors::add;
		}

		@ZmqListener(id = "headers.jobs", endpoint = "jobs-in")
		void job(String job, ZmqHeaders headers) {
			this.jobs.add(job + " from " + headers.get("source") + " on " + headers.get(ZmqHeaders.ENDPOINT)
					+ ", topic " + headers.get(ZmqHeaders.TOPIC));
		}

		@ZmqListener(id = "headers.guarded", endpoint = "guarded-in")
		String guarded(String question, ZmqHeaders headers) {
			return question + " from " + headers.get("caller");
		}

		@ZmqListener(id = "headers.ask", endpoint = "ask-in")
		String ask(String question, @ZmqHeader("tenant") String tenant) {
			return question + " for " + tenant;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ByteListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "in")
		void take(byte[] payload, @ZmqHeader("source") String source) {
			this.received.add(payload[0] + "," + payload[1] + " from " + source);
		}

	}

}
