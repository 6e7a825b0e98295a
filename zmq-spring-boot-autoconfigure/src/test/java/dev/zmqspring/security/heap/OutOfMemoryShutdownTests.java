package dev.zmqspring.security.heap;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.zmqspring.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener JVM that runs out of heap still stops on SIGTERM within
 * {@code zmq.shutdown-timeout}, and says what happened. The heap is exhausted the way the
 * defaults no longer allow, with the endpoint's receive-buffer budget turned off: one
 * peer floods 512 KiB messages into a listener that takes 10 ms for each, and JeroMQ
 * queues up to the receive high-water mark (1,000 messages, 512 MB) for it, in a 96 MB
 * heap.
 */
@Timeout(120)
class OutOfMemoryShutdownTests {

	private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(3);

	@Test
	void jvmOutOfHeapStopsOnSigtermWithinTheShutdownTimeout() {
		List<String> arguments = new ArrayList<>(GuardedListenerApp.endpoints());
		arguments.addAll(List.of("--test.slow.enabled=true", "--zmq.endpoints.slow.socket.receive-buffer-budget=0",
				"--zmq.shutdown-timeout=" + SHUTDOWN_TIMEOUT.toMillis() + "ms"));
		try (ChildJvm child = ChildJvm.launch("out-of-memory", GuardedListenerApp.class, "96m", arguments)) {
			child.awaitReady();
			String line = child.awaitLine(text -> text.startsWith("ADDRESS slow "), Duration.ofSeconds(5));
			ListenerJvmProbe.floodUntilOutOfMemory(child, line.substring("ADDRESS slow ".length()));
			assertThat(child.hasPrinted(text -> text.contains("OutOfMemoryError")))
				.as("the child ran out of heap%s", child.describe())
				.isTrue();
			long start = System.nanoTime();
			child.stop();
			Duration stopped = Duration.ofNanos(System.nanoTime() - start);
			assertThat(stopped).as("time from SIGTERM to exit").isLessThan(SHUTDOWN_TIMEOUT.plusSeconds(6));
		}
	}

}
