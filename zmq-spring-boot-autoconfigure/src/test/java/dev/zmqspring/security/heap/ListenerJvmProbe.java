package dev.zmqspring.security.heap;

import java.time.Duration;

import dev.zmqspring.testsupport.ChildJvm;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Asks a {@link GuardedListenerApp} JVM about itself: the addresses of its listeners, and
 * what its {@code probe} listener answers.
 */
final class ListenerJvmProbe {

	private ListenerJvmProbe() {
	}

	/**
	 * The listener JVM's heap in use after a full collection, its oversized commands, its
	 * live threads and its frames refused for the receive-buffer budget and the times it
	 * paused reads for it. Asked again on a fresh socket when no answer comes: JeroMQ
	 * 0.6.0 stalls about one fresh TCP connection in ten.
	 */
	static long[] probe(ChildJvm listener) {
		for (int attempt = 1;; attempt++) {
			try (ZContext context = new ZContext()) {
				ZMQ.Socket req = context.createSocket(SocketType.REQ);
				req.setHandshakeIvl(1000);
				req.setReceiveTimeOut(5_000);
				req.connect(address(listener, "probe"));
				req.send("probe");
				String reply = req.recvStr();
				if (reply != null) {
					String[] parts = reply.split(" ");
					long[] values = new long[parts.length];
					for (int i = 0; i < parts.length; i++) {
						values[i] = Long.parseLong(parts[i]);
					}
					return values;
				}
			}
			assertThat(attempt).as("probe attempts without a reply").isLessThan(6);
		}
	}

	/** The address the listener of the given id bound. */
	static String address(ChildJvm listener, String id) {
		String line = listener.awaitLine(text -> text.startsWith("ADDRESS " + id + " "), Duration.ofSeconds(5));
		return line.substring(("ADDRESS " + id + " ").length());
	}

	/**
	 * Sends 512 KiB messages to an address of the listener JVM until it reports running
	 * out of heap, 60 s at most.
	 */
	static void floodUntilOutOfMemory(ChildJvm listener, String address) {
		try (ZContext context = new ZContext()) {
			ZMQ.Socket push = context.createSocket(SocketType.PUSH);
			push.setSendTimeOut(100);
			push.setHandshakeIvl(1000);
			push.setLinger(0);
			push.connect(address);
			byte[] payload = new byte[512 * 1024];
			long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
			while (System.nanoTime() < deadline && !listener.hasPrinted(text -> text.contains("OutOfMemoryError"))) {
				push.send(payload);
			}
		}
	}

}
