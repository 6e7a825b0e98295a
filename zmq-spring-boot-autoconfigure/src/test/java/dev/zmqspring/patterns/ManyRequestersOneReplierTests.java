package dev.zmqspring.patterns;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqHeader;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.patterns.clients.EchoClient;
import dev.zmqspring.support.ZmqHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cookbook: one REP server, many REQ clients. "The server never asks who is asking: how
 * does each answer reach the right client?" ZeroMQ routes every reply back to the
 * requester, and the starter keeps that promise when many application threads share one
 * endpoint, when each client has its own socket, and when the server answers on several
 * threads.
 */
@Timeout(30)
class ManyRequestersOneReplierTests {

	private static final int THREADS = 8;

	private static final int REQUESTS_PER_THREAD = 25;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class));

	@Test
	void eightThreadsSharingTheTemplateEachGetTheReplyToTheirOwnRequest() {
		this.runner.withUserConfiguration(EchoServer.class)
			.withPropertyValues("zmq.endpoints.echo.type=REQ", "zmq.endpoints.echo.connect=inproc://clients-echo",
					"zmq.endpoints.echo-server.type=REP", "zmq.endpoints.echo-server.bind=inproc://clients-echo")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				List<String> mismatches = runConcurrently(THREADS, thread -> {
					List<String> wrong = new ArrayList<>();
					for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
						String request = "thread-" + thread + "-request-" + i;
						String reply = template.request("echo", request, String.class);
						if (!("echo: " + request).equals(reply)) {
							wrong.add(request + " -> " + reply);
						}
					}
					return wrong;
				});
				assertThat(mismatches).isEmpty();
				assertThat(context.getBean(EchoServer.class).requests).hasSize(THREADS * REQUESTS_PER_THREAD);
			});
	}

	@Test
	void separateRequestEndpointsAgainstOneReplierEachGetTheirOwnReplies() {
		this.runner.withUserConfiguration(EchoServer.class)
			.withPropertyValues("zmq.endpoints.echo-server.type=REP",
					"zmq.endpoints.echo-server.bind=inproc://clients-shared", "zmq.endpoints.client-0.type=REQ",
					"zmq.endpoints.client-0.connect=inproc://clients-shared", "zmq.endpoints.client-1.type=REQ",
					"zmq.endpoints.client-1.connect=inproc://clients-shared", "zmq.endpoints.client-2.type=REQ",
					"zmq.endpoints.client-2.connect=inproc://clients-shared")
			.run(context -> {
				assertThat(context).hasNotFailed();
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				List<String> mismatches = runConcurrently(3, client -> {
					List<String> wrong = new ArrayList<>();
					for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
						String request = "client-" + client + "-request-" + i;
						String reply = template.request("client-" + client, request, String.class);
						if (!("echo: " + request).equals(reply)) {
							wrong.add(request + " -> " + reply);
						}
					}
					return wrong;
				});
				assertThat(mismatches).isEmpty();
				// Three sockets: the server saw three client identities, one per
				// endpoint.
				Map<String, String> identityByClient = new ConcurrentHashMap<>();
				context.getBean(EchoServer.class).identities.forEach((request, identity) -> identityByClient
					.merge(request.substring(0, "client-0".length()), identity, (a, b) -> a.equals(b) ? a : "several"));
				assertThat(identityByClient).containsOnlyKeys("client-0", "client-1", "client-2");
				assertThat(Set.copyOf(identityByClient.values())).hasSize(3).doesNotContain("several");
			});
	}

	@Test
	void replierWithConcurrencyAnswersRequestsInParallelAndEachReplyFindsItsRequester() {
		this.runner.withUserConfiguration(ParallelServer.class)
			.withPropertyValues("zmq.endpoints.echo.type=REQ", "zmq.endpoints.echo.connect=inproc://clients-parallel",
					"zmq.endpoints.echo-server.type=REP", "zmq.endpoints.echo-server.bind=inproc://clients-parallel")
			.run(context -> {
				assertThat(context).hasNotFailed();
				EchoClient client = context.getBean(EchoClient.class);
				List<CompletableFuture<String>> replies = new ArrayList<>();
				for (int i = 0; i < ParallelServer.PARALLEL; i++) {
					replies.add(client.echoAsync("request-" + i));
				}
				for (int i = 0; i < ParallelServer.PARALLEL; i++) {
					// Each reply is only "together" when all four requests were in the
					// method at the same time.
					assertThat(replies.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("together: request-" + i);
				}
			});
	}

	/**
	 * Runs {@code count} tasks on their own threads, all released at once, and joins
	 * their results.
	 */
	static List<String> runConcurrently(int count, IndexedTask task) throws Exception {
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
			// No interrupts: the threads only wait on futures, and finish by themselves.
			executor.shutdown();
		}
	}

	@FunctionalInterface
	interface IndexedTask {

		List<String> run(int index) throws Exception;

	}

	@Configuration(proxyBeanMethods = false)
	static class EchoServer {

		final Map<String, String> requests = new ConcurrentHashMap<>();

		final Map<String, String> identities = new ConcurrentHashMap<>();

		@ZmqListener(endpoint = "echo-server")
		String echo(String request, @ZmqHeader(ZmqHeaders.IDENTITY) String identity) {
			this.requests.put(request, request);
			this.identities.put(request, identity);
			return "echo: " + request;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage(basePackageClasses = EchoClient.class)
	static class ParallelServer {

		static final int PARALLEL = 4;

		private final CountDownLatch allInside = new CountDownLatch(PARALLEL);

		@ZmqListener(endpoint = "echo-server", concurrency = "4")
		String echo(String request) throws InterruptedException {
			this.allInside.countDown();
			boolean together = this.allInside.await(5, TimeUnit.SECONDS);
			return (together ? "together: " : "alone: ") + request;
		}

	}

}
