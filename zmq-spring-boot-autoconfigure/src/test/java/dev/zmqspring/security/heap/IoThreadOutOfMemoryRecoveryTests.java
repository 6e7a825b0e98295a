package dev.zmqspring.security.heap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real {@link OutOfMemoryError} on JeroMQ's I/O thread, not a provoked one: with the
 * receive-buffer budget of one endpoint turned off, one peer floods 512 KiB messages into
 * a listener that takes 10 ms for each, in a 96 MB heap. The I/O thread runs out of heap
 * while it takes the memory of the next frame, and the starter recovers: the thread goes
 * on, the flooded listener's socket is reopened (which frees what its queue held), and
 * then a good peer is served by another endpoint and by the flooded one, on the same
 * port, and the heap is back to its baseline. Without the recovery the I/O thread died
 * here (or, resumed without closing the half-read connection, spun on it for good), and
 * nothing was served again.
 */
@Timeout(150)
class IoThreadOutOfMemoryRecoveryTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Far less than the 96 MB the flood took. */
	private static final long HEAP_SLACK = 40L * 1024 * 1024;

	@Test
	void theIoThreadRecoversFromRunningOutOfHeapAndEveryListenerIsServedAgain() {
		List<String> arguments = new ArrayList<>(GuardedListenerApp.endpoints());
		arguments.addAll(List.of("--test.slow.enabled=true", "--zmq.endpoints.slow.socket.receive-buffer-budget=0",
				"--logging.level.dev.zmqspring.listener.ListenerReopener=INFO"));
		try (ChildJvm child = ChildJvm.launch("io-thread-oom", GuardedListenerApp.class, "96m", arguments)) {
			child.awaitReady();
			long[] before = ListenerJvmProbe.probe(child);
			String slow = ListenerJvmProbe.address(child, "slow");
			ListenerJvmProbe.floodUntilOutOfMemory(child, slow);
			assertThat(child.hasPrinted(text -> text.contains("OutOfMemoryError")))
				.as("the child ran out of heap%s", child.describe())
				.isTrue();

			assertGoodPeerIsServed(child, ListenerJvmProbe.address(child, "sink"), "good-sink");
			assertGoodPeerIsServed(child, slow, "good-slow");
			await().atMost(WAIT)
				.pollInterval(Duration.ofSeconds(1))
				.untilAsserted(() -> assertThat(ListenerJvmProbe.probe(child)[0])
					.as("heap in use after a full collection, bytes (before the flood: %d)", before[0])
					.isLessThan(before[0] + HEAP_SLACK));
			assertThat(child.hasPrinted(text -> text.contains("failed with java.lang.OutOfMemoryError")
					&& text.contains("while reading a frame for endpoint 'slow'")))
				.as("the I/O thread's failure was reported as recovered%s", child.describe())
				.isTrue();
			assertThat(child.hasPrinted(text -> text.contains("Listener 'slow' reopened its socket on [" + slow + "]")))
				.as("the flooded listener was reopened on its port%s", child.describe())
				.isTrue();
			assertThat(child.hasPrinted(text -> text.contains(" died of "))).as("a thread died%s", child.describe())
				.isFalse();
		}
	}

	private static void assertGoodPeerIsServed(ChildJvm child, String address, String text) {
		try (ZContext context = new ZContext()) {
			ZMQ.Socket push = context.createSocket(SocketType.PUSH);
			push.setHandshakeIvl(1000);
			push.setSendTimeOut(0);
			push.setLinger(0);
			push.connect(address);
			await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
				push.send(text, ZMQ.DONTWAIT);
				return child.hasPrinted(("RECEIVED " + text)::equals);
			});
		}
	}

}
