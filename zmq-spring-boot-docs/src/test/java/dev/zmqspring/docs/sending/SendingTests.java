package dev.zmqspring.docs.sending;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The examples of docs/sending.md, run: publisher interfaces and ZmqTemplate against listeners of the same
 * application on inproc, and the page's YAML for socket-per-thread and min-subscribers over TCP.
 */
@Timeout(60)
class SendingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
		.withUserConfiguration(SendingApplication.class)
		.withPropertyValues("zmq.endpoints.events.type=pub", "zmq.endpoints.events.bind=inproc://docs-send-events",
				"zmq.endpoints.events.min-subscribers=1", "zmq.endpoints.events-in.type=sub",
				"zmq.endpoints.events-in.connect=inproc://docs-send-events", "zmq.endpoints.stock.type=req",
				"zmq.endpoints.stock.connect=inproc://docs-send-stock", "zmq.endpoints.stock-server.type=rep",
				"zmq.endpoints.stock-server.bind=inproc://docs-send-stock", "zmq.endpoints.orders-out.type=push",
				"zmq.endpoints.orders-out.connect=inproc://docs-send-orders", "zmq.endpoints.orders-in.type=pull",
				"zmq.endpoints.orders-in.bind=inproc://docs-send-orders", "zmq.endpoints.audit-out.type=push",
				"zmq.endpoints.audit-out.connect=inproc://docs-send-audit", "zmq.endpoints.audit-in.type=pull",
				"zmq.endpoints.audit-in.bind=inproc://docs-send-audit", "zmq.endpoints.ask.type=req",
				"zmq.endpoints.ask.connect=inproc://docs-send-ask", "zmq.endpoints.ask.headers-frame=true",
				"zmq.endpoints.ask-server.type=rep", "zmq.endpoints.ask-server.bind=inproc://docs-send-ask",
				"zmq.endpoints.ask-server.headers-frame=true");

	@Test
	void publisherInterfacesSendWithTopicsAndAskForReplies() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			UserEvents events = context.getBean(UserEvents.class);
			events.registered(new UserRegistered("u-1", "ada@example.com"));
			events.publish("user.deleted", new UserRegistered("u-2", "bob@example.com"));
			Peers peers = context.getBean(Peers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> peers.received.size() == 2);
			assertThat(peers.received).containsExactly("user.registered ada@example.com", "user.deleted bob@example.com");

			StockClient stock = context.getBean(StockClient.class);
			assertThat(stock.level(new StockQuery("LAMP-1"))).isEqualTo(new StockLevel("LAMP-1", 7));
			assertThat(stock.levelAsync(new StockQuery("MUG-1")).get(10, TimeUnit.SECONDS))
				.isEqualTo(new StockLevel("MUG-1", 7));
		});
	}

	@Test
	void templateSendsJsonTopicsBytesAndRequests() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			StockLevel level = context.getBean(Checkout.class)
				.checkout(new OrderPlaced("o-1", "LAMP-1", 2), new UserRegistered("u-1", "ada@example.com"));
			assertThat(level).isEqualTo(new StockLevel("LAMP-1", 7));
			Peers peers = context.getBean(Peers.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> peers.received.size() == 3);
			assertThat(peers.received).containsExactlyInAnyOrder("order o-1", "user.registered ada@example.com",
					"audit checkout");
		});
	}

	@Test
	void requestsCarryHeaders() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(Checkout.class).whoFor("t-1")).isEqualTo("who for t-1");
		});
	}

	@Test
	void socketPerThreadEndpointDeliversFromManyThreads() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/sending/socket-per-thread.yml"))
			.withUserConfiguration(Collector.class)
			.withPropertyValues("zmq.endpoints.metrics-in.type=pull", "zmq.endpoints.metrics-in.bind=tcp://127.0.0.1:*")
			.run(collector -> {
				assertThat(collector).hasNotFailed();
				String address = collector.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("metrics")
					.getAddresses()
					.get(0);
				new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
					.withInitializer(DocsYaml.initializer("docs/sending/socket-per-thread.yml"))
					.withPropertyValues("zmq.endpoints.metrics-out.connect=" + address)
					.run(sender -> {
						assertThat(sender).hasNotFailed();
						ZmqTemplate template = sender.getBean(ZmqTemplate.class);
						ExecutorService threads = Executors.newFixedThreadPool(4);
						try {
							List<CompletableFuture<Void>> sends = new ArrayList<>();
							for (int thread = 0; thread < 4; thread++) {
								sends.add(CompletableFuture.runAsync(() -> {
									for (int i = 0; i < 25; i++) {
										template.convertAndSend("metrics-out", i);
									}
								}, threads));
							}
							CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
						}
						finally {
							threads.shutdown();
						}
						Collector received = collector.getBean(Collector.class);
						await().atMost(Duration.ofSeconds(20)).until(() -> received.count.get() == 100);
					});
			});
	}

	@Test
	void minSubscribersYamlHoldsTheFirstMessageUntilTwoSubscribersAreThere() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withInitializer(DocsYaml.initializer("docs/sending/min-subscribers.yml"))
			// A first connection that JeroMQ stalls is reset after the handshake interval
			// and made again: allow for a few of those on a loaded machine.
			.withPropertyValues("zmq.endpoints.events.bind=tcp://127.0.0.1:*",
					"zmq.endpoints.events.min-subscribers-timeout=30s")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				// Published before anyone subscribed: without min-subscribers both subscribers would miss it.
				template.convertAndSend("events", "user.registered", "first");
				String address = template.getSenderRegistry().sender("events").getAddresses().get(0);
				try (ZContext peers = new ZContext()) {
					List<ZMQ.Socket> subscribers = new ArrayList<>();
					for (int i = 0; i < 2; i++) {
						ZMQ.Socket subscriber = peers.createSocket(SocketType.SUB);
						subscriber.setReceiveTimeOut(10_000);
						// A stalled connection retries after 1 s, not JeroMQ's default 30 s.
						subscriber.setHandshakeIvl(1000);
						subscriber.subscribe(new byte[0]);
						subscriber.connect(address);
						subscribers.add(subscriber);
					}
					for (ZMQ.Socket subscriber : subscribers) {
						assertThat(subscriber.recvStr()).isEqualTo("user.registered");
						assertThat(subscriber.recvStr()).isEqualTo("first");
					}
				}
			});
	}

	@Test
	void requestSocketPerThreadYamlAnswersEachThreadOnASocketOfItsOwn() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(StockServer.class)
			.withPropertyValues("zmq.endpoints.stock-in.type=rep", "zmq.endpoints.stock-in.bind=tcp://127.0.0.1:*")
			.run(server -> {
				assertThat(server).hasNotFailed();
				String address = server.getBean(ZmqListenerEndpointRegistry.class)
					.getListenerContainer("stock")
					.getAddresses()
					.get(0);
				new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
					.withInitializer(DocsYaml.initializer("docs/sending/request-socket-per-thread.yml"))
					.withPropertyValues("zmq.endpoints.stock.connect=" + address)
					.run(client -> {
						assertThat(client).hasNotFailed();
						ZmqTemplate template = client.getBean(ZmqTemplate.class);
						ExecutorService threads = Executors.newFixedThreadPool(3);
						try {
							List<CompletableFuture<String>> replies = new ArrayList<>();
							for (int thread = 0; thread < 3; thread++) {
								String sku = "SKU-" + thread;
								replies.add(CompletableFuture
									.supplyAsync(() -> template.request("stock", sku, String.class), threads));
							}
							for (int thread = 0; thread < 3; thread++) {
								assertThat(replies.get(thread).get(20, TimeUnit.SECONDS))
									.isEqualTo("SKU-" + thread + ": 7 in stock");
							}
						}
						finally {
							threads.shutdown();
						}
						assertThat(template.getSenderRegistry().sender("stock").getThreadSockets()).isEqualTo(3);
					});
			});
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = UserEvents.class)
	@Import({ Peers.class, Checkout.class })
	static class SendingApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class StockServer {

		@dev.zmqspring.annotation.ZmqListener(id = "stock", endpoint = "stock-in")
		String level(String sku) {
			return sku + ": 7 in stock";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Collector {

		final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

		@dev.zmqspring.annotation.ZmqListener(id = "metrics", endpoint = "metrics-in")
		void receive(int value) {
			this.count.incrementAndGet();
		}

	}

}
