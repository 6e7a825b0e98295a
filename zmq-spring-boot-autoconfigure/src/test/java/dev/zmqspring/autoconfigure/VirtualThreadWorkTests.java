package dev.zmqspring.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.Java21;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code spring.threads.virtual.enabled=true} on Java 21 or later, the work that
 * holds no socket runs on virtual threads (a listener's workers, the event publisher) and
 * every thread that owns a socket stays a platform thread (a listener's receive loop, the
 * workers of a listener that replies, a sender's owner). In the test's JVM on Java 21 or
 * later, otherwise in a child JVM of a newer Java (which CI must have).
 */
@Timeout(120)
class VirtualThreadWorkTests {

	private static final Map<String, String> EXPECTED = Map.of("worker", "virtual", "events", "virtual",
			"replying-worker", "platform", "zmq-listener-work-in", "platform", "zmq-send-work", "platform",
			"virtual-socket-thread", "refused");

	@Test
	void workWithoutSocketsRunsOnVirtualThreadsAndSocketOwnersOnPlatformThreads() throws Exception {
		if (Java21.isRunning()) {
			assertThat(VirtualThreadWork.run()).containsExactlyInAnyOrderEntriesOf(EXPECTED);
			return;
		}
		try (ChildJvm child = ChildJvm.launch("virtual-work", Java21.javaCommand(), VirtualThreadWork.class, "256m",
				List.of())) {
			child.awaitLine("DONE"::equals, Duration.ofSeconds(90));
			EXPECTED.forEach((role, kind) -> assertThat(child.hasPrinted(("THREAD " + role + " " + kind)::equals))
				.as(role + " on a " + kind + " thread\n" + child.describe())
				.isTrue());
		}
	}

}
