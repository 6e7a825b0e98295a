package dev.zmqspring.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.testsupport.RawSockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static dev.zmqspring.proxy.DeviceTestSupport.assertAddressIsFree;
import static dev.zmqspring.proxy.DeviceTestSupport.closeQuickly;
import static dev.zmqspring.proxy.DeviceTestSupport.device;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookbook: the queue device ({@code zmq.proxies.<name>.type=queue}), which turns 1:N
 * request/reply into N:M. REQ clients connect to its ROUTER frontend, REP workers connect
 * to its DEALER backend; requests are shared among the workers and every reply finds its
 * way back to the client that asked.
 */
@Timeout(30)
class QueueDeviceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void queueSharesRequestsOfManyClientsAmongWorkersAndRoutesEveryReplyBack() {
		this.runner.withUserConfiguration(ReplyWorkers.class)
			.withPropertyValues("zmq.proxies.q.type=queue", "zmq.proxies.q.frontend.bind=inproc://q-in",
					"zmq.proxies.q.backend.bind=inproc://q-out", "zmq.endpoints.ask.type=REQ",
					"zmq.endpoints.ask.connect=inproc://q-in", "zmq.endpoints.ask-other.type=REQ",
					"zmq.endpoints.ask-other.connect=inproc://q-in", "zmq.endpoints.worker-1.type=REP",
					"zmq.endpoints.worker-1.connect=inproc://q-out", "zmq.endpoints.worker-2.type=REP",
					"zmq.endpoints.worker-2.connect=inproc://q-out")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				// Eight threads share the "ask" endpoint, two more use their own
				// "ask-other" socket.
				List<String> mismatches = concurrently(10, thread -> {
					String endpoint = (thread < 8) ? "ask" : "ask-other";
					List<String> wrong = new ArrayList<>();
					for (int i = 0; i < 20; i++) {
						String request = "client-" + thread + "-request-" + i;
						String reply = template.request(endpoint, request, String.class);
						if (reply == null || !reply.endsWith(": " + request)) {
							wrong.add(request + " -> " + reply);
						}
					}
					return wrong;
				});
				assertThat(mismatches).isEmpty();
				assertThat(context.getBean(ReplyWorkers.class).servedBy.keySet()).hasSize(200);
				assertThat(Set.copyOf(context.getBean(ReplyWorkers.class).servedBy.values()))
					.containsExactlyInAnyOrder("worker-1", "worker-2");
			});
	}

	@Test
	void queueServesRawRequestClientsOverTcpAndFreesItsPortsWhenItStops() {
		this.runner
			.withPropertyValues("zmq.proxies.q.type=queue", "zmq.proxies.q.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.q.backend.bind=tcp://127.0.0.1:*")
			.run(broker -> {
				assertThat(broker).hasNotFailed();
				ZmqProxy queue = device(broker, "q");
				String frontend = queue.getFrontendAddresses().get(0);
				String backend = queue.getBackendAddresses().get(0);
				this.runner.withUserConfiguration(ReplyWorkers.class)
					.withPropertyValues("zmq.endpoints.worker-1.type=REP", "zmq.endpoints.worker-1.connect=" + backend,
							"zmq.endpoints.worker-2.type=REP", "zmq.endpoints.worker-2.connect=" + backend)
					.run(workers -> {
						assertThat(workers).hasNotFailed();
						try (ZContext clients = new ZContext()) {
							ZMQ.Socket first = requester(clients, frontend);
							ZMQ.Socket second = requester(clients, frontend);
							for (int i = 0; i < 5; i++) {
								first.send("first " + i);
								second.send("second " + i);
								assertThat(first.recvStr()).endsWith(": first " + i);
								assertThat(second.recvStr()).endsWith(": second " + i);
							}
						}

						closeQuickly(broker);
						assertThat(queue.isRunning()).isFalse();
						assertAddressIsFree(frontend);
						assertAddressIsFree(backend);
					});
			});
	}

	private static ZMQ.Socket requester(ZContext clients, String address) {
		ZMQ.Socket socket = clients.createSocket(SocketType.REQ);
		socket.setLinger(0);
		socket.setReceiveTimeOut(5000);
		RawSockets.connect(socket, address);
		return socket;
	}

	private static List<String> concurrently(int count, IndexedTask task) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(count);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<String>>> results = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				Callable<List<String>> callable = () -> {
					start.await();
					return task.run(index);
				};
				results.add(executor.submit(callable));
			}
			start.countDown();
			List<String> all = new ArrayList<>();
			for (Future<List<String>> result : results) {
				all.addAll(result.get(20, TimeUnit.SECONDS));
			}
			return all;
		}
		finally {
			executor.shutdown();
		}
	}

	@FunctionalInterface
	interface IndexedTask {

		List<String> run(int index) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplyWorkers {

		final ConcurrentHashMap<String, String> servedBy = new ConcurrentHashMap<>();

		@ZmqListener(endpoint = "worker-1")
		String first(String request) {
			this.servedBy.put(request, "worker-1");
			return "worker-1: " + request;
		}

		@ZmqListener(endpoint = "worker-2")
		String second(String request) {
			this.servedBy.put(request, "worker-2");
			return "worker-2: " + request;
		}

	}

}
