package dev.zmqspring.security.heap;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.testsupport.ChildJvm;
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
 * Peers that send large messages faster than a listener takes them, against a listener
 * JVM with a 128 MB heap and default settings. The receive high-water mark alone would
 * let JeroMQ queue 1,000 messages per peer (512 MB for one peer of 512 KiB messages, 640
 * MB for forty of 16 KiB), and the JVM would run out of heap. With the endpoint's
 * receive-buffer budget (32 MB by default) the endpoint stops reading from its peers when
 * the budget is full (and counts it): the JVM keeps serving, a good peer of another
 * endpoint is served right after, and the heap after a full collection returns near where
 * it was once the listener has caught up. A peer that sends the parts of one multipart
 * message and never its last part holds at most the budget, until it goes away; what does
 * not fit is refused and counted, since the listener could never take it.
 */
@Timeout(180)
class QueuedFloodTests {

	private static final Duration FLOOD = Duration.ofSeconds(6);

	private static final Duration WAIT = Duration.ofSeconds(60);

	/**
	 * More than the budget (32 MB) would mean the flood kept something; less than the 128
	 * MB the flood would have taken without it.
	 */
	private static final long HEAP_SLACK = 40L * 1024 * 1024;

	private static final AtomicInteger GOOD_MESSAGES = new AtomicInteger();

	private static ChildJvm listener;

	@BeforeAll
	static void startListenerJvm() {
		List<String> arguments = new ArrayList<>(GuardedListenerApp.endpoints());
		arguments.add("--test.slow.enabled=true");
		// Its parts, not their number, are what the multipart test is about.
		arguments.add("--zmq.endpoints.slow.socket.max-message-frames=0");
		listener = ChildJvm.launch("flood-listener", GuardedListenerApp.class, "128m", arguments);
		listener.awaitReady();
	}

	@AfterAll
	static void stopListenerJvm() {
		if (listener != null) {
			listener.close();
		}
	}

	@Test
	void onePeerFloodingLargeMessagesIntoASlowListener() {
		floodAndCheck(1, 512 * 1024);
	}

	@Test
	void fortyPeersFloodingMediumMessagesIntoASlowListener() {
		floodAndCheck(40, 16 * 1024);
	}

	@Test
	void onePeerSendingAMultipartMessageItNeverFinishes() throws IOException {
		String address = address("slow");
		long[] before = probe();
		// JeroMQ itself never sends a message before its last part: a raw peer does.
		try (Socket raw = handshakenPeer(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
			OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 64 * 1024);
			byte[] header = ZmtpWriter.longHeader(ZmtpWriter.MORE | ZmtpWriter.LONG, 512 * 1024);
			byte[] part = new byte[512 * 1024];
			long sent = 0;
			long deadline = System.nanoTime() + FLOOD.toNanos();
			// A listener that stopped reading (its I/O thread dead) would block the
			// writes for good: the socket is closed then, and the write fails.
			CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> closeQuietly(raw),
					CompletableFuture.delayedExecutor(FLOOD.plusSeconds(20).toMillis(), TimeUnit.MILLISECONDS));
			try {
				while (System.nanoTime() < deadline) {
					out.write(header);
					out.write(part);
					sent++;
				}
				out.flush();
			}
			finally {
				watchdog.cancel(false);
			}
			long[] during = probe();
			// Refused, since the listener could never take them; or, while the budget
			// still holds messages the listener can take, not read at all.
			assertThat((during[3] - before[3]) + (during[4] - before[4]))
				.as("parts refused for the budget and pauses, of %d sent", sent)
				.isPositive();
			assertThat(during[0]).as("heap in use while the message is open (before: %d)", before[0])
				.isLessThan(before[0] + HEAP_SLACK);
		}
		checkRecovered(before);
	}

	@Test
	void onePeerSendingAMessageOfSmallFramesThatNeverEnds() throws IOException {
		String address = address("sink");
		long[] before = probe();
		long sent = 0;
		boolean closed = false;
		try (Socket raw = handshakenPeer(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
			OutputStream out = new BufferedOutputStream(raw.getOutputStream(), 64 * 1024);
			// Frames of 16 bytes with "more to come": JeroMQ alone would keep every one.
			byte[] frame = ZmtpWriter.frame(ZmtpWriter.MORE, new byte[16]);
			long deadline = System.nanoTime() + FLOOD.toNanos();
			try {
				while (System.nanoTime() < deadline) {
					out.write(frame);
					sent++;
				}
				out.flush();
			}
			catch (IOException ex) {
				closed = true;
			}
		}
		assertThat(closed).as("the listener closed the connection (%d frames sent)", sent).isTrue();
		assertThat(probe()[5] - before[5]).as("messages thrown away for their frames").isEqualTo(1);
		checkRecovered(before);
	}

	/**
	 * A raw connection that has completed a NULL handshake as a PUSH peer. JeroMQ 0.6.0
	 * sometimes never reads a fresh connection: after three seconds without the server's
	 * READY, the next connection is tried.
	 */
	private static Socket handshakenPeer(int port) throws IOException {
		for (int attempt = 1;; attempt++) {
			Socket socket = new Socket("127.0.0.1", port);
			try {
				socket.setSoTimeout(3_000);
				new ZmtpWriter(socket.getOutputStream()).handshake(socket.getInputStream(), "PUSH");
				socket.setSoTimeout((int) WAIT.toMillis());
				return socket;
			}
			catch (IOException ex) {
				socket.close();
				if (attempt == 5) {
					throw ex;
				}
			}
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closed already
		}
	}

	private static void floodAndCheck(int peers, int size) {
		long[] before = probe();
		long sent = flood(address("slow"), peers, size);
		long[] after = probe();
		assertThat(after[4] - before[4]).as("times the endpoint stopped reading, %d sent", sent).isPositive();
		checkRecovered(before);
	}

	/**
	 * A good peer of another endpoint is served, and once the slow listener has caught up
	 * the heap, the threads and the JVM are as they were.
	 */
	private static void checkRecovered(long[] before) {
		assertGoodPeerIsServed(address("sink"));
		// The slow listener takes 10 ms a message: what the budget let in drains within
		// seconds.
		await().atMost(WAIT)
			.pollInterval(Duration.ofSeconds(1))
			.untilAsserted(() -> assertThat(probe()[0])
				.as("heap in use after a full collection, bytes (before the flood: %d)", before[0])
				.isLessThan(before[0] + HEAP_SLACK));
		assertThat(probe()[2]).as("live threads (before the flood: %d)", before[2]).isLessThan(before[2] + 5);
		assertThat(listener.isAlive()).isTrue();
		assertThat(listener.hasPrinted(line -> line.contains("OutOfMemoryError")))
			.as("the listener ran out of heap%s", listener.describe())
			.isFalse();
	}

	/**
	 * Sends messages of the given size from each peer, round robin, without waiting, for
	 * {@link #FLOOD}.
	 * @return how many were sent
	 */
	private static long flood(String address, int peers, int size) {
		try (ZContext context = new ZContext()) {
			List<ZMQ.Socket> sockets = new ArrayList<>();
			for (int i = 0; i < peers; i++) {
				ZMQ.Socket push = context.createSocket(SocketType.PUSH);
				push.setHandshakeIvl(1000);
				push.setLinger(0);
				push.connect(address);
				sockets.add(push);
			}
			byte[] payload = new byte[size];
			long sent = 0;
			long deadline = System.nanoTime() + FLOOD.toNanos();
			while (System.nanoTime() < deadline) {
				for (ZMQ.Socket push : sockets) {
					if (push.send(payload, ZMQ.DONTWAIT)) {
						sent++;
					}
				}
			}
			return sent;
		}
	}

	private static void assertGoodPeerIsServed(String address) {
		String text = "good-" + GOOD_MESSAGES.incrementAndGet();
		try (ZContext context = new ZContext()) {
			ZMQ.Socket push = context.createSocket(SocketType.PUSH);
			push.setHandshakeIvl(1000);
			push.setSendTimeOut(0);
			push.connect(address);
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				push.send(text, ZMQ.DONTWAIT);
				return listener.hasPrinted(("RECEIVED " + text)::equals);
			});
		}
	}

	private static long[] probe() {
		return ListenerJvmProbe.probe(listener);
	}

	private static String address(String id) {
		return ListenerJvmProbe.address(listener, id);
	}

}
