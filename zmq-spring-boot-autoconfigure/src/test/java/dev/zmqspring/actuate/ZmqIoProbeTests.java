package dev.zmqspring.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The I/O probe moves a real message through every I/O thread of a context, so it notices
 * one stuck thread among several, and a context closed under it.
 */
@Timeout(30)
class ZmqIoProbeTests {

	@Test
	void probeIsUpWhileEveryIoThreadMovesMessages() {
		try (ZContext context = new ZContext(3)) {
			ZmqIoProbe probe = new ZmqIoProbe(context, Duration.ofSeconds(1));
			probe.start();
			try {
				ZmqIoProbe.Result result = probe.probe();
				assertThat(result.up()).as("%s", result).isTrue();
				assertThat(result.ioThreads()).isEqualTo(3);
				assertThat(result.roundTrip()).isLessThan(Duration.ofSeconds(1));
			}
			finally {
				probe.stop();
			}
		}
	}

	@Test
	void probeNamesTheOneIoThreadThatIsStuck() throws IOException {
		try (ZContext context = new ZContext(2)) {
			ZmqIoProbe probe = new ZmqIoProbe(context, Duration.ofMillis(500));
			probe.start();
			ZMQ.Socket careless = context.createSocket(SocketType.PULL);
			try {
				assertThat(probe.probe().up()).isTrue();
				// An unread classic monitor on a socket of the second I/O thread: its
				// first event blocks that thread.
				careless.setAffinity(1L << 1);
				careless.monitor("inproc://probe-unread-monitor", ZMQ.EVENT_ACCEPTED);
				careless.bind("tcp://127.0.0.1:*");
				String address = careless.getLastEndpoint();
				try (Socket visitor = new Socket(InetAddress.getLoopbackAddress(),
						Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
					assertThat(visitor.isConnected()).isTrue();
					// The I/O thread accepts the visitor (and blocks) as soon as it gets
					// to it.
					await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
						ZmqIoProbe.Result stuck = probe.probe();
						assertThat(stuck.up()).isFalse();
						assertThat(stuck.problem()).startsWith("I/O thread 2 of 2 did not move a message");
					});
					try (ZMQ.Socket reader = context.createSocket(SocketType.PAIR)) {
						reader.connect("inproc://probe-unread-monitor");
						reader.setReceiveTimeOut(5000);
						assertThat(ZEvent.recv(reader)).isNotNull();
						assertThat(probe.probe().up()).isTrue();
					}
				}
			}
			finally {
				careless.close();
				probe.stop();
			}
		}
	}

	@Test
	void probeIsDownOnceTheContextIsClosedUnderIt() {
		ZContext context = new ZContext(1);
		ZmqIoProbe probe = new ZmqIoProbe(context, Duration.ofSeconds(1));
		probe.start();
		try {
			assertThat(probe.probe().up()).isTrue();
			context.close();
			ZmqIoProbe.Result closed = probe.probe();
			assertThat(closed.up()).isFalse();
			assertThat(closed.problem()).contains("context is closed");
		}
		finally {
			probe.stop();
		}
	}

	@Test
	void stoppedProbeSaysSoInsteadOfWaiting() {
		try (ZContext context = new ZContext(1)) {
			ZmqIoProbe probe = new ZmqIoProbe(context, Duration.ofSeconds(1));
			ZmqIoProbe.Result result = probe.probe();
			assertThat(result.up()).isFalse();
			assertThat(result.problem()).contains("not running");
		}
	}

}
