package dev.zmqspring.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqException;
import dev.zmqspring.core.ZmqRequestTimeoutException;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.proxy.ZmqProxy;
import dev.zmqspring.proxy.ZmqProxyRegistry;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMsg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The other receivers of a socket with a receive-buffer budget: a proxy drops a refused
 * message whole instead of forwarding a part of it, and a request whose reply was refused
 * fails at once, naming the setting. In both, the budget is held by a frame that a raw
 * peer announced at the largest size and never finished, so that the next large frame
 * cannot fit.
 */
@Timeout(60)
class RefusedMessageHandlingTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int LARGEST = 256 * 1024;

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withPropertyValues("zmq.socket.max-message-size=256KB", "zmq.socket.receive-buffer-budget=256KB");

	@Test
	void aProxyDropsARefusedMessageWhole() {
		this.runner
			.withPropertyValues("zmq.proxies.st.type=streamer", "zmq.proxies.st.frontend.bind=tcp://127.0.0.1:*",
					"zmq.proxies.st.backend.bind=tcp://127.0.0.1:*")
			.run(context -> {
				ZmqProxy proxy = context.getBean(ZmqProxyRegistry.class).getProxies().get(0);
				String frontend = proxy.getFrontendAddresses().get(0);
				MalformedFrameGuard guard = context.getBean(MalformedFrameGuard.class);
				Socket holder = new Socket("127.0.0.1", port(frontend));
				try (ZContext peers = new ZContext()) {
					holdBudget(holder, "PUSH");
					ZMQ.Socket consumer = peers.createSocket(SocketType.PULL);
					consumer.connect(proxy.getBackendAddresses().get(0));
					ZMQ.Socket producer = peers.createSocket(SocketType.PUSH);
					producer.setHandshakeIvl(1000);
					producer.connect(frontend);
					List<String> frameCounts = new ArrayList<>();
					await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
						sendTwoFrames(producer);
						drain(consumer, frameCounts);
						return guard.getOverBudgetFrames() > 0;
					});
					closeQuietly(holder);
					await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
						System.gc();
						sendTwoFrames(producer);
						drain(consumer, frameCounts);
						return !frameCounts.isEmpty();
					});
					assertThat(frameCounts).as("frame sizes of each forwarded message").containsOnly("4+" + 200 * 1024);
					assertThat(proxy.getStatistics().getErrors()).isPositive();
					assertThat(proxy.getStatistics().getLastError()).contains("receive-buffer-budget");
				}
				finally {
					closeQuietly(holder);
				}
			});
	}

	@Test
	void aRequestWhoseReplyWasRefusedFailsAtOnce() throws Exception {
		try (ServerSocket stalling = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
				LargeEcho echo = new LargeEcho()) {
			CountDownLatch held = new CountDownLatch(1);
			Thread holder = new Thread(() -> acceptAndHoldBudget(stalling, held), "budget-holder");
			holder.setDaemon(true);
			holder.start();
			// A DEALER sends to its servers in turn: some requests go to the stalling one
			// (and time out), the others to the echo, whose replies do not fit once the
			// stalling one holds the budget.
			this.runner
				.withPropertyValues("zmq.endpoints.ask.type=DEALER",
						"zmq.endpoints.ask.connect=tcp://127.0.0.1:" + stalling.getLocalPort() + ",tcp://127.0.0.1:"
								+ echo.port(),
						"zmq.endpoints.ask.request-retries=0")
				.run(context -> {
					ZmqTemplate template = context.getBean(ZmqTemplate.class);
					CompletableFuture<Throwable> refused = new CompletableFuture<>();
					AtomicLong refusedAfterNanos = new AtomicLong();
					await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
						long sent = System.nanoTime();
						template.requestAsync("ask", new byte[] { 1 }, byte[].class, TIMEOUT)
							.whenComplete((value, ex) -> {
								Throwable cause = (ex instanceof CompletionException) ? ex.getCause() : ex;
								if (cause != null && !(cause instanceof ZmqRequestTimeoutException)
										&& refused.complete(cause)) {
									refusedAfterNanos.set(System.nanoTime() - sent);
								}
							});
						return refused.isDone();
					});
					assertThat(Duration.ofNanos(refusedAfterNanos.get())).as("time from the request to its failure")
						.isLessThan(TIMEOUT);
					assertThat(held.getCount()).as("the stalling server held the budget").isZero();
					assertThat(refused.get()).isInstanceOf(ZmqException.class)
						.hasMessageContaining("refused unread")
						.hasMessageContaining("zmq.endpoints.ask.socket.receive-buffer-budget");
					assertThat(echo.answered()).isPositive();
				});
		}
	}

	/**
	 * Completes a NULL handshake on a raw connection and announces a message frame of the
	 * largest size, of which it sends 4 KiB: the frame holds the whole budget while the
	 * connection lives.
	 */
	private static void holdBudget(Socket socket, String socketType) throws IOException {
		socket.setSoTimeout((int) WAIT.toMillis());
		InputStream in = socket.getInputStream();
		OutputStream out = socket.getOutputStream();
		new ZmtpWriter(out).handshake(in, socketType);
		out.write(ZmtpWriter.longHeader(ZmtpWriter.LONG, LARGEST));
		out.write(new byte[4096]);
		out.flush();
	}

	/**
	 * Accepts until one connection completes its handshake (JeroMQ may stall the first
	 * and connect again), holds the budget on it, and keeps it open.
	 */
	private static void acceptAndHoldBudget(ServerSocket server, CountDownLatch held) {
		while (!server.isClosed()) {
			try {
				Socket socket = server.accept();
				try {
					holdBudget(socket, "ROUTER");
				}
				catch (IOException ex) {
					// A stalled connection that the client gave up: wait for its next
					// one.
					closeQuietly(socket);
					continue;
				}
				held.countDown();
				// Keep the connection until the test ends; the daemon thread dies with
				// it.
				socket.getInputStream().transferTo(OutputStream.nullOutputStream());
				return;
			}
			catch (IOException ex) {
				// the test is over
				return;
			}
		}
	}

	/**
	 * A ROUTER on a thread of its own that answers each request
	 * {@code [identity][id][empty][body]} with a 200 KiB body.
	 */
	private static final class LargeEcho implements AutoCloseable {

		private final CompletableFuture<Integer> port = new CompletableFuture<>();

		private final AtomicInteger answered = new AtomicInteger();

		private final Thread thread = new Thread(this::run, "large-echo");

		private volatile boolean stopping;

		LargeEcho() {
			this.thread.start();
		}

		int port() throws Exception {
			return this.port.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}

		int answered() {
			return this.answered.get();
		}

		private void run() {
			try (ZContext context = new ZContext()) {
				ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
				router.setReceiveTimeOut(100);
				this.port.complete(router.bindToRandomPort("tcp://127.0.0.1"));
				byte[] body = new byte[200 * 1024];
				while (!this.stopping) {
					ZMsg request = ZMsg.recvMsg(router);
					if (request != null) {
						request.getLast().reset(body);
						request.send(router);
						this.answered.incrementAndGet();
					}
				}
			}
		}

		@Override
		public void close() {
			this.stopping = true;
			try {
				this.thread.join(WAIT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	private static void sendTwoFrames(ZMQ.Socket producer) {
		producer.sendMore("head");
		producer.send(new byte[200 * 1024], ZMQ.DONTWAIT);
	}

	private static void drain(ZMQ.Socket consumer, List<String> frameCounts) {
		ZMsg message;
		while ((message = ZMsg.recvMsg(consumer, ZMQ.DONTWAIT)) != null) {
			StringBuilder sizes = new StringBuilder();
			for (org.zeromq.ZFrame frame : message) {
				sizes.append((sizes.length() > 0) ? "+" : "").append(frame.size());
			}
			frameCounts.add(sizes.toString());
		}
	}

	private static int port(String address) {
		return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed by the endpoint first
		}
	}

}
