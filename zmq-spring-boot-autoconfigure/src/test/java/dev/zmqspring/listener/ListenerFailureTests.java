package dev.zmqspring.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqRemoteException;
import dev.zmqspring.core.ZmqSendException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.support.converter.ZmqConversionException;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Bad input and failing listeners are reported and survived: the next message is always
 * processed.
 */
@Timeout(30)
class ListenerFailureTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(FailingListeners.class)
		.withPropertyValues("zmq.endpoints.orders-in.type=PULL", "zmq.endpoints.orders-in.bind=tcp://127.0.0.1:*",
				"zmq.endpoints.ask-in.type=REP", "zmq.endpoints.ask-in.bind=tcp://127.0.0.1:*");

	@Test
	void listenerKeepsReceivingAfterItsMethodThrows() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket push = pushTo(peer, context, "orders")) {
				push.send("{\"id\":\"boom\",\"quantity\":1}");
				push.send("{\"id\":\"ok\",\"quantity\":2}");
				FailingListeners listeners = context.getBean(FailingListeners.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.orders.size() == 1);
				assertThat(listeners.orders).extracting(Order::id).containsExactly("ok");
				assertThat(listeners.errors).singleElement()
					.satisfies(error -> assertThat(error.getCause()).hasMessage("boom"));
				assertThat(container(context, "orders").getStatistics().getErrors()).isEqualTo(1);
				assertThat(container(context, "orders").isRunning()).isTrue();
			}
		});
	}

	@Test
	void listenerKeepsReceivingAfterMalformedJson() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket push = pushTo(peer, context, "orders")) {
				push.send("{\"id\":");
				push.send("not json at all");
				push.send(new byte[] { (byte) 0xff, (byte) 0xfe, 0, 1 });
				push.send("{\"id\":\"good\",\"quantity\":2}");
				FailingListeners listeners = context.getBean(FailingListeners.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.orders.size() == 1);
				assertThat(listeners.orders).extracting(Order::id).containsExactly("good");
				assertThat(listeners.errors).hasSize(3)
					.allSatisfy(error -> assertThat(error.getCause()).isInstanceOf(ZmqConversionException.class));
				assertThat(listeners.errors.get(0).getFrames()).hasSize(1);
			}
		});
	}

	@Test
	void listenerKeepsReceivingAfterUnexpectedFrameCount() {
		this.runner.run(context -> {
			try (ZContext peer = new ZContext(); ZMQ.Socket push = pushTo(peer, context, "orders")) {
				push.sendMore("extra");
				push.sendMore("frames");
				push.send("{\"id\":\"three-frames\",\"quantity\":1}");
				push.send("{\"id\":\"after\",\"quantity\":2}");
				FailingListeners listeners = context.getBean(FailingListeners.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.orders.size() == 1);
				assertThat(listeners.orders).extracting(Order::id).containsExactly("after");
				assertThat(listeners.errors).singleElement()
					.satisfies(
							error -> assertThat(error).hasMessageContaining("expected [payload] but got 3 frame(s)"));
			}
		});
	}

	@Test
	void oversizeMessageDisconnectsOnlyItsSenderAndOthersAreStillServed() {
		this.runner.withPropertyValues("zmq.endpoints.orders-in.socket.max-message-size=64KB").run(context -> {
			try (ZContext peer = new ZContext();
					ZMQ.Socket bad = pushTo(peer, context, "orders");
					ZMQ.Socket good = pushTo(peer, context, "orders")) {
				bad.send(new byte[256 * 1024]);
				good.send("{\"id\":\"small\",\"quantity\":1}");
				FailingListeners listeners = context.getBean(FailingListeners.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> listeners.orders.size() == 1);
				assertThat(listeners.orders).extracting(Order::id).containsExactly("small");
				assertThat(listeners.errors).isEmpty();
			}
		});
	}

	@Test
	void templateRefusesMessageOverTheSizeLimitAndSaysWhichPropertyToRaise() {
		this.runner
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=tcp://127.0.0.1:1",
					"zmq.endpoints.out.socket.max-message-size=1KB")
			.run(context -> {
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				assertThatExceptionOfType(ZmqSendException.class).isThrownBy(() -> template.send("out", new byte[2048]))
					.withMessageContaining("over the maximum message size of 1024 bytes")
					.withMessageContaining("zmq.endpoints.out.socket.max-message-size");
			});
	}

	@Test
	void repListenerAnswersFailuresWithErrorReplyAndKeepsServing() {
		this.runner.run(context -> {
			String address = container(context, "ask").getAddresses().get(0);
			try (ZContext peer = new ZContext(); ZMQ.Socket req = peer.createSocket(SocketType.REQ)) {
				req.setReceiveTimeOut(5000);
				RawSockets.connect(req, address);
				req.send("{\"id\":\"boom\",\"quantity\":1}");
				String failed = req.recvStr();
				assertThat(failed).startsWith("{\"zmq_error\":{\"code\":\"LISTENER_FAILED\"").doesNotContain("boom");
				req.send("{\"id\":");
				assertThat(req.recvStr()).startsWith("{\"zmq_error\":{\"code\":\"BAD_REQUEST\"");
				req.send("{\"id\":\"fine\",\"quantity\":4}");
				assertThat(req.recvStr()).isEqualTo("{\"id\":\"fine\",\"quantity\":8}");
			}
		});
	}

	@Test
	void templateRequestTurnsErrorReplyIntoRemoteException() {
		this.runner.run(context -> {
			String address = container(context, "ask").getAddresses().get(0);
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
				.withPropertyValues("zmq.endpoints.ask.type=REQ", "zmq.endpoints.ask.connect=" + address)
				.run(client -> {
					ZmqTemplate template = client.getBean(ZmqTemplate.class);
					assertThatExceptionOfType(ZmqRemoteException.class)
						.isThrownBy(() -> template.request("ask", new Order("boom", 1), Order.class))
						.satisfies(ex -> assertThat(ex.getCode()).isEqualTo("LISTENER_FAILED"));
					assertThat(template.request("ask", new Order("next", 2), Order.class))
						.isEqualTo(new Order("next", 4));
				});
		});
	}

	private static ZmqListenerContainer container(AssertableApplicationContext context, String method) {
		return context.getBean(ZmqListenerEndpointRegistry.class).getListenerContainer("failingListeners." + method);
	}

	private static ZMQ.Socket pushTo(ZContext peer, AssertableApplicationContext context, String method) {
		ZMQ.Socket push = peer.createSocket(SocketType.PUSH);
		push.setLinger(1000);
		RawSockets.connect(push, container(context, method).getAddresses().get(0));
		return push;
	}

	record Order(String id, int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListeners {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		final List<ZmqListenerException> errors = new CopyOnWriteArrayList<>();

		@Bean
		ZmqListenerErrorHandler recordingErrorHandler() {
			return this.errors::add;
		}

		@ZmqListener(id = "failingListeners.orders", endpoint = "orders-in")
		void orders(Order order) {
			if (order.id().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			this.orders.add(order);
		}

		@ZmqListener(id = "failingListeners.ask", endpoint = "ask-in")
		Order ask(Order order) {
			if (order.id().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			return new Order(order.id(), order.quantity() * 2);
		}

	}

}
