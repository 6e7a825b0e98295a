package dev.zmqspring.security.heap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.RawSockets;
import dev.zmqspring.testsupport.ZmtpWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Subscribers that send a PUB endpoint distinct subscriptions of nearly 1 KiB, against a
 * JVM with a 128 MB heap that publishes with default settings. JeroMQ alone would keep
 * every one in its topic trie, about 58 KB each: the 8,000 sent here would take 460 MB.
 * With the endpoint's subscription budget (16 MB by default) each peer is dropped at the
 * subscription that does not fit, which is counted; the heap after a full collection
 * stays near where it was, and a good subscriber gets what is published.
 */
@Timeout(180)
class SubscriptionFloodTests {

	private static final int PEERS = 20;

	private static final int SUBSCRIPTIONS_PER_PEER = 400;

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** The budget (16 MB), and as much again for what JeroMQ has yet to take out. */
	private static final long HEAP_SLACK = 40L * 1024 * 1024;

	private static ChildJvm publisher;

	@BeforeAll
	static void startPublisherJvm() {
		List<String> arguments = new ArrayList<>(GuardedListenerApp.endpoints());
		arguments.add("--zmq.endpoints.news.type=PUB");
		arguments.add("--zmq.endpoints.news.bind=tcp://127.0.0.1:*");
		arguments.add("--test.news.enabled=true");
		publisher = ChildJvm.launch("subscription-flood", GuardedListenerApp.class, "128m", arguments);
		publisher.awaitReady();
	}

	@AfterAll
	static void stopPublisherJvm() {
		if (publisher != null) {
			publisher.close();
		}
	}

	@Test
	void peersSubscribingToEverMoreTopicsAreDroppedAtTheBudget() {
		long[] before = ListenerJvmProbe.probe(publisher);
		String address = ListenerJvmProbe.address(publisher, "news");
		int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
		List<CompletableFuture<Integer>> peers = new ArrayList<>();
		for (int peer = 0; peer < PEERS; peer++) {
			int id = peer;
			peers.add(CompletableFuture.supplyAsync(() -> subscribeUntilDropped(port, id)));
		}
		int sent = peers.stream().mapToInt(CompletableFuture::join).sum();
		long[] after = ListenerJvmProbe.probe(publisher);
		assertThat(after[6] - before[6]).as("subscriptions refused for the budget, of %d sent", sent).isPositive();
		assertGoodSubscriberIsServed(address);
		assertThat(ListenerJvmProbe.probe(publisher)[0])
			.as("heap in use after a full collection, bytes (before the flood: %d)", before[0])
			.isLessThan(before[0] + HEAP_SLACK);
		assertThat(publisher.hasPrinted(line -> line.contains("OutOfMemoryError")))
			.as("the publisher ran out of heap%s", publisher.describe())
			.isFalse();
	}

	/**
	 * Subscribes one peer to distinct topics of 1,000 bytes until the publisher drops it,
	 * then waits for the drop.
	 * @return how many subscriptions it sent
	 */
	private static int subscribeUntilDropped(int port, int peer) {
		int sent = 0;
		try (Socket raw = new Socket("127.0.0.1", port)) {
			raw.setSoTimeout((int) WAIT.toMillis());
			new ZmtpWriter(raw.getOutputStream()).handshake(raw.getInputStream(), "SUB");
			OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 64 * 1024);
			try {
				for (; sent < SUBSCRIPTIONS_PER_PEER; sent++) {
					out.write(subscription(peer, sent));
				}
				out.flush();
			}
			catch (IOException ex) {
				// dropped
			}
			RawSockets.awaitClosedByPeer(raw.getInputStream());
		}
		catch (IOException ex) {
			// refused or reset while handshaking: counted as sent nothing
		}
		return sent;
	}

	private static byte[] subscription(int peer, int number) {
		byte[] body = new byte[1001];
		body[0] = 1;
		byte[] name = (peer + "/" + number + "/").getBytes(StandardCharsets.US_ASCII);
		for (int i = 1; i < body.length; i++) {
			body[i] = name[(i - 1) % name.length];
		}
		return ZmtpWriter.frame(0, body);
	}

	/**
	 * A good subscriber gets what is published: a fresh one every few seconds, since
	 * JeroMQ 0.6.0 stalls about one fresh connection in ten and the subscriber of a
	 * stalled connection does not always connect again. Each subscriber costs the
	 * endpoint's budget a little, and one that did not fit would be refused again and
	 * again: the refusals are in the message should it fail.
	 */
	private static void assertGoodSubscriberIsServed(String address) {
		try (ZContext context = new ZContext()) {
			for (int attempt = 1; attempt <= 10; attempt++) {
				ZMQ.Socket sub = context.createSocket(SocketType.SUB);
				sub.subscribe("tick".getBytes(StandardCharsets.US_ASCII));
				RawSockets.connect(sub, address);
				sub.setReceiveTimeOut(5_000);
				String received = sub.recvStr();
				sub.close();
				if ("tick".equals(received)) {
					return;
				}
			}
		}
		long[] now = ListenerJvmProbe.probe(publisher);
		throw new AssertionError("No good subscriber got what the publisher published in 10 attempts (subscriptions"
				+ " refused for the budget so far: " + now[6] + ")" + publisher.describe());
	}

}
