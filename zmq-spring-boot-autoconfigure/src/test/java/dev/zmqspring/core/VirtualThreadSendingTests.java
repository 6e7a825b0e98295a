package dev.zmqspring.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.Java21;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Virtual threads send without pinning their carriers: hundreds of them wait for room in
 * a full send queue, and send requests and wait for their replies, while the JDK's
 * pinning diagnostics ({@code jdk.VirtualThreadPinned}, every pin however short) record
 * nothing; those that wait for room are parked, none waits on a monitor (which would pin
 * on Java 21, though no longer on 24 and later); and every message arrives. On Java 21 or
 * later this runs in the test's JVM; on Java 17 in a child JVM of the machine's newest
 * Java under {@code /usr/lib/jvm} (or {@code ZMQ_TEST_JAVA21_HOME}), which CI
 * ({@code CI=true}) must have.
 */
@Timeout(120)
class VirtualThreadSendingTests {

	@Test
	void virtualThreadsWaitingForRoomOrForRepliesPinNoCarrier(@TempDir Path directory) throws Exception {
		if (Java21.isRunning()) {
			VirtualThreadSending.Result result = VirtualThreadSending.run(directory);
			assertThat(result.pinningEvent()).as("the JDK has the pinning event").isTrue();
			assertThat(result.pinned()).as("carriers pinned by virtual threads that sent").isZero();
			assertThat(result.parked()).as("virtual threads parked while waiting for room").isPositive();
			assertThat(result.inMonitor()).as("virtual threads waiting on or for a monitor").isZero();
			assertThat(result.delivered()).isEqualTo(VirtualThreadSending.MESSAGES);
			assertThat(result.replied()).isEqualTo(VirtualThreadSending.THREADS);
			return;
		}
		String java = Java21.javaCommand();
		try (ChildJvm child = ChildJvm.launch("virtual-threads", java, VirtualThreadSending.class, "512m", List.of())) {
			child.awaitLine((line) -> line.startsWith("REPLIED "), Duration.ofSeconds(90));
			assertThat(child.hasPrinted("EVENT true"::equals)).as("the JDK has the pinning event").isTrue();
			assertThat(child.lastNumber("PINNED")).as("carriers pinned by virtual threads that sent").isZero();
			assertThat(child.lastNumber("PARKED")).as("virtual threads parked while waiting for room").isPositive();
			assertThat(child.lastNumber("MONITOR")).as("virtual threads waiting on or for a monitor").isZero();
			assertThat(child.lastNumber("DELIVERED")).isEqualTo(VirtualThreadSending.MESSAGES);
			assertThat(child.lastNumber("REPLIED")).isEqualTo(VirtualThreadSending.THREADS);
		}
	}

}
