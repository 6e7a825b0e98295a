package dev.zmqspring.test;

import java.time.Duration;

import dev.zmqspring.test.ShopApplication.Command;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ZmqListenerTestHarness} records what each listener was called with, what it
 * returned or threw and where it ran, and lets a test wait for calls without sleeping;
 * the listeners keep doing their work.
 */
@SpringBootTest(classes = ShopApplication.class)
@AutoConfigureZmqTest
@Timeout(60)
class ZmqListenerTestHarnessTests {

	@Autowired
	ZmqTestClient client;

	@Autowired
	ZmqListenerTestHarness harness;

	@Autowired
	ShopApplication.Listeners listeners;

	@Autowired
	ZContext zmqContext;

	@Test
	void recordsArgumentsResultsAndTheThread() {
		try (ZmqTestPeer caller = this.client.peer("echo-in")) {
			assertThat(caller.request("hi", String.class)).isEqualTo("HI");
		}
		ZmqListenerInvocation call = this.harness.awaitInvocation("echo");
		assertThat(call.getArguments()).containsExactly("hi");
		assertThat(call.getResult()).isEqualTo("HI");
		assertThat(call.getFailure()).isNull();
		assertThat(call.getMethod().getName()).isEqualTo("echo");
		assertThat(call.getThread()).startsWith("zmq-listener-echo");
	}

	@Test
	void recordsFailuresAndTheListenerStillWorks() {
		try (ZmqTestPeer shop = this.client.peer("commands-in")) {
			shop.send(new Command("bad", -1));
			shop.send(new Command("good", 1));
			var calls = this.harness.awaitInvocations("commands", 2);
			assertThat(calls.get(0).getFailure()).isInstanceOf(IllegalArgumentException.class)
				.hasMessage("negative quantity");
			assertThat(calls.get(1).getFailure()).isNull();
			assertThat(this.listeners.getReceived()).contains(new Command("good", 1));
		}
	}

	@Test
	void recordsAClassLevelListenersHandlersUnderItsId() {
		ZMQ.Socket push = this.zmqContext.createSocket(SocketType.PUSH);
		try {
			push.connect("inproc://alerts");
			push.send("disk full");
			assertThat(this.harness.awaitInvocation("alerts").getArguments()).containsExactly("disk full");
		}
		finally {
			push.close();
		}
	}

	@Test
	void waitingForCallsThatDoNotComeFailsWithWhatWasCalled() {
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> this.harness.awaitInvocations("no-such-listener", 1, Duration.ofMillis(100)))
			.withMessageContaining("Listener 'no-such-listener' was called 0 time(s) within PT0.1S, expected 1");
	}

}
