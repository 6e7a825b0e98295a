package dev.zmqspring.test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A listener bean that a proxy cannot wrap (a final class) still starts and works; the
 * harness says, when a test waits for its calls, why it did not record them.
 */
@Timeout(30)
class UnrecordedListenerTests {

	@Test
	void aFinalListenerWorksAndTheHarnessSaysWhyItIsNotRecorded() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqTestAutoConfiguration.class))
			.withBean(FinalListener.class)
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.bind=inproc://final",
					"zmq.endpoints.in.type=PULL", "zmq.endpoints.in.connect=inproc://final")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean(ZmqTemplate.class).convertAndSend("out", "hello");
				assertThat(context.getBean(FinalListener.class).received.await(10, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(AssertionError.class)
					.isThrownBy(() -> context.getBean(ZmqListenerTestHarness.class)
						.awaitInvocations("final", 1, Duration.ofMillis(100)))
					.withMessageContaining("its calls are not recorded")
					.withMessageContaining("its class is final");
			});
	}

	static final class FinalListener {

		final CountDownLatch received = new CountDownLatch(1);

		@ZmqListener(id = "final", endpoint = "in")
		void on(String text) {
			this.received.countDown();
		}

	}

}
