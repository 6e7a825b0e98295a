package dev.zmqspring.patterns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.patterns.hello.Greeting;
import dev.zmqspring.patterns.hello.GreetingClient;
import dev.zmqspring.patterns.hello.Person;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cookbook: the request/reply hello world. The classic server binds a REP socket and
 * answers {@code World} to {@code Hello}; the client connects a REQ socket and asks ten
 * times in a row. With the starter the server is a {@code @ZmqListener} whose return
 * value is the reply, and the client is {@code ZmqTemplate.request} or a
 * {@code @ZmqPublisher} interface.
 */
@Timeout(30)
class ReqRepHelloWorldTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void helloWorldServerAnswersTenRequestsInARowFromAnotherApplicationOverTcp() {
		this.runner.withUserConfiguration(HelloWorldServer.class)
			.withPropertyValues("zmq.endpoints.hello.type=REP", "zmq.endpoints.hello.bind=tcp://127.0.0.1:*")
			.run(server -> {
				assertThat(server).hasNotFailed();
				String address = tcpAddress(server, "hello");
				this.runner.withPropertyValues("zmq.endpoints.hello.type=REQ", "zmq.endpoints.hello.connect=" + address)
					.run(client -> {
						assertThat(client).hasNotFailed();
						ZmqTemplate template = client.getBean(ZmqTemplate.class);
						for (int request = 0; request < 10; request++) {
							assertThat(template.request("hello", "Hello", String.class)).isEqualTo("World");
						}
						assertThat(template.request("hello", "How are you?", String.class)).isEqualTo("success");
					});
				assertThat(server.getBean(HelloWorldServer.class).requests).hasSize(11)
					.startsWith("Hello", "Hello")
					.endsWith("How are you?");
			});
	}

	/**
	 * The other side may be any ZeroMQ program, such as the classic client: a plain REQ
	 * socket.
	 */
	@Test
	void plainReqClientGetsWorldTenTimesFromTheRepListener() {
		this.runner.withUserConfiguration(HelloWorldServer.class)
			.withPropertyValues("zmq.endpoints.hello.type=REP", "zmq.endpoints.hello.bind=tcp://127.0.0.1:*")
			.run(server -> {
				assertThat(server).hasNotFailed();
				try (ZContext clientContext = new ZContext()) {
					ZMQ.Socket client = clientContext.createSocket(SocketType.REQ);
					client.setLinger(0);
					client.setReceiveTimeOut(5000);
					RawSockets.connect(client, tcpAddress(server, "hello"));
					for (int request = 0; request < 10; request++) {
						assertThat(client.send("Hello")).isTrue();
						assertThat(client.recvStr()).isEqualTo("World");
					}
				}
			});
	}

	/**
	 * ... and the classic server: a plain REP socket, which echoes the starter's request
	 * envelope.
	 */
	@Test
	void templateGetsWorldTenTimesFromAPlainRepServer() throws Exception {
		PlainRepServer server = new PlainRepServer();
		try {
			this.runner
				.withPropertyValues("zmq.endpoints.hello.type=REQ",
						"zmq.endpoints.hello.connect=" + server.address.get(10, TimeUnit.SECONDS))
				.run(client -> {
					assertThat(client).hasNotFailed();
					ZmqTemplate template = client.getBean(ZmqTemplate.class);
					for (int request = 0; request < 10; request++) {
						assertThat(template.request("hello", "Hello", String.class)).isEqualTo("World");
					}
				});
			assertThat(server.answered).hasValue(10);
		}
		finally {
			server.stop();
		}
	}

	@Test
	void publisherInterfaceAsksForJsonRepliesSynchronouslyAndAsynchronously() {
		this.runner.withUserConfiguration(GreetingApplication.class)
			.withPropertyValues("zmq.endpoints.greeter.type=REQ",
					"zmq.endpoints.greeter.connect=inproc://hello-greeter", "zmq.endpoints.greeter-server.type=REP",
					"zmq.endpoints.greeter-server.bind=inproc://hello-greeter")
			.run(context -> {
				assertThat(context).hasNotFailed();
				GreetingClient client = context.getBean(GreetingClient.class);
				assertThat(client.greet(new Person("Ada"))).isEqualTo(new Greeting("Hello, Ada"));
				CompletableFuture<Greeting> grace = client.greetAsync(new Person("Grace"));
				CompletableFuture<Greeting> linus = client.greetAsync(new Person("Linus"));
				assertThat(grace.get(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("Hello, Grace"));
				assertThat(linus.get(10, TimeUnit.SECONDS)).isEqualTo(new Greeting("Hello, Linus"));
			});
	}

	/**
	 * "Who starts first, client or server? Either." A request made before the server is
	 * up waits in ZeroMQ's queue and is answered once the server binds. Both applications
	 * share one context so that they can meet on inproc.
	 */
	@Test
	void clientMayStartBeforeTheServerAndStillGetsItsReply() {
		ZContext shared = new ZContext();
		try {
			// Neither application may close the shared context (Spring would, as ZContext
			// is AutoCloseable).
			ApplicationContextRunner sharing = this.runner.withBean(ZContext.class, () -> shared,
					definition -> definition.setDestroyMethodName(""));
			sharing
				.withPropertyValues("zmq.endpoints.hello.type=REQ", "zmq.endpoints.hello.connect=inproc://hello-late")
				.run(client -> {
					assertThat(client).hasNotFailed();
					CompletableFuture<String> reply = client.getBean(ZmqTemplate.class)
						.requestAsync("hello", "Hello", String.class, Duration.ofSeconds(10));
					assertThat(reply).isNotDone();
					sharing.withUserConfiguration(HelloWorldServer.class)
						.withPropertyValues("zmq.endpoints.hello.type=REP",
								"zmq.endpoints.hello.bind=inproc://hello-late")
						.run(server -> {
							assertThat(server).hasNotFailed();
							assertThat(reply.get(10, TimeUnit.SECONDS)).isEqualTo("World");
						});
				});
		}
		finally {
			shared.close();
		}
	}

	/**
	 * "What if the server dies after it got the question and before it answered?" A plain
	 * REQ client waits forever; here the request times out, and once the server is back
	 * (on the same port) the next request is answered.
	 */
	@Test
	void clientWhoseServerDiedGetsATimeoutAndIsAnsweredOnceTheServerIsBack() {
		this.runner.withUserConfiguration(HelloWorldServer.class)
			.withPropertyValues("zmq.endpoints.hello.type=REP", "zmq.endpoints.hello.bind=tcp://127.0.0.1:*")
			.run(firstServer -> {
				assertThat(firstServer).hasNotFailed();
				String address = tcpAddress(firstServer, "hello");
				this.runner
					.withPropertyValues("zmq.endpoints.hello.type=REQ", "zmq.endpoints.hello.connect=" + address,
							"zmq.endpoints.hello.request-timeout=300ms")
					.run(client -> {
						assertThat(client).hasNotFailed();
						ZmqTemplate template = client.getBean(ZmqTemplate.class);
						assertThat(template.request("hello", "Hello", String.class)).isEqualTo("World");

						firstServer.close();
						assertThatExceptionOfType(ZmqRequestTimeoutException.class)
							.isThrownBy(() -> template.request("hello", "Hello", String.class))
							.withMessageContaining("'hello'");

						this.runner.withUserConfiguration(HelloWorldServer.class)
							.withPropertyValues("zmq.endpoints.hello.type=REP", "zmq.endpoints.hello.bind=" + address)
							.run(secondServer -> {
								assertThat(secondServer).hasNotFailed();
								// Reconnecting may take a few back-off intervals: allow
								// more than the default timeout.
								assertThat(template.request("hello", "Hello", String.class, Duration.ofSeconds(10)))
									.isEqualTo("World");
							});
					});
			});
	}

	static String tcpAddress(ApplicationContext context, String listenerId) {
		List<String> addresses = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId)
			.getAddresses();
		return addresses.stream().filter(address -> address.startsWith("tcp://")).findFirst().orElseThrow();
	}

	/**
	 * The classic hello world server on a thread of its own: a REP socket created, used
	 * and closed on that thread.
	 */
	static final class PlainRepServer {

		final CompletableFuture<String> address = new CompletableFuture<>();

		final AtomicInteger answered = new AtomicInteger();

		private final AtomicBoolean stopping = new AtomicBoolean();

		private final ZContext context = new ZContext();

		private final Thread thread = new Thread(this::serve, "plain-rep-server");

		PlainRepServer() {
			this.thread.start();
		}

		private void serve() {
			ZMQ.Socket socket = this.context.createSocket(SocketType.REP);
			try {
				socket.setLinger(0);
				socket.setReceiveTimeOut(100);
				socket.bind("tcp://127.0.0.1:*");
				this.address.complete(socket.getLastEndpoint());
				while (!this.stopping.get()) {
					String request = socket.recvStr();
					if (request != null) {
						socket.send("Hello".equals(request) ? "World" : "success");
						this.answered.incrementAndGet();
					}
				}
			}
			catch (RuntimeException ex) {
				this.address.completeExceptionally(ex);
			}
			finally {
				socket.close();
			}
		}

		void stop() throws InterruptedException {
			this.stopping.set(true);
			this.thread.join(5000);
			this.context.close();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HelloWorldServer {

		final List<String> requests = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "hello", endpoint = "hello")
		String hello(String request) {
			this.requests.add(request);
			return "Hello".equals(request) ? "World" : "success";
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = GreetingClient.class)
	static class GreetingApplication {

		@ZmqListener(endpoint = "greeter-server")
		Greeting greet(Person person) {
			return new Greeting("Hello, " + person.name());
		}

	}

}
