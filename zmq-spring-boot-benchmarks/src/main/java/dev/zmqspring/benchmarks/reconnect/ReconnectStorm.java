package dev.zmqspring.benchmarks.reconnect;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZEvent;
import org.zeromq.ZMQ;

/**
 * What a reconnect setting costs and gains, on plain JeroMQ: N connecting sockets try a
 * port where nobody listens (connect attempts per second and the process's CPU, in
 * percent of one core), then a peer binds the port (how long until every socket has
 * connected).
 * <p>
 * Run:
 * {@code java -cp <jeromq jar>:target/classes dev.zmqspring.benchmarks.reconnect.ReconnectStorm
 * [sockets] [reconnectIvlMs] [reconnectIvlMaxMs] [absentSeconds]}.
 */
public final class ReconnectStorm {

	private ReconnectStorm() {
	}

	public static void main(String[] args) throws Exception {
		int sockets = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int ivl = (args.length > 1) ? Integer.parseInt(args[1]) : 100;
		int ivlMax = (args.length > 2) ? Integer.parseInt(args[2]) : 0;
		int absentSeconds = (args.length > 3) ? Integer.parseInt(args[3]) : 10;
		int port;
		try (ServerSocket probe = new ServerSocket(0)) {
			port = probe.getLocalPort();
		}
		String address = "tcp://127.0.0.1:" + port;
		AtomicLong retries = new AtomicLong();
		AtomicInteger connected = new AtomicInteger();
		try (ZContext context = new ZContext(1)) {
			List<ZMQ.Socket> connecting = new ArrayList<>();
			for (int i = 0; i < sockets; i++) {
				ZMQ.Socket socket = context.createSocket(SocketType.PUSH);
				socket.setReconnectIVL(ivl);
				socket.setReconnectIVLMax(ivlMax);
				socket.setEventHook(new Counter(retries, connected), ZMQ.EVENT_CONNECT_RETRIED | ZMQ.EVENT_CONNECTED);
				socket.connect(address);
				connecting.add(socket);
			}
			// Let the back-off reach its ceiling before measuring.
			Thread.sleep(Math.min(absentSeconds * 1000L / 3, 5000));
			long cpu0 = cpuNanos();
			long retries0 = retries.get();
			long t0 = System.nanoTime();
			Thread.sleep(absentSeconds * 1000L);
			double seconds = (System.nanoTime() - t0) / 1e9;
			double attempts = (retries.get() - retries0) / seconds;
			double cpu = 100.0 * (cpuNanos() - cpu0) / 1e9 / seconds;
			long bindAt = System.nanoTime();
			long firstMs = -1;
			try (ZMQ.Socket peer = context.createSocket(SocketType.PULL)) {
				peer.bind(address);
				while (connected.get() < sockets && System.nanoTime() - bindAt < 120_000_000_000L) {
					if (firstMs < 0 && connected.get() > 0) {
						firstMs = (System.nanoTime() - bindAt) / 1_000_000;
					}
					Thread.sleep(5);
				}
				long allMs = (System.nanoTime() - bindAt) / 1_000_000;
				System.out.printf(
						"sockets=%d ivl=%dms max=%dms: %.0f connect attempts/s, CPU %.1f%% of a core;"
								+ " peer bound after %ds: first connected in %dms, all %d in %dms%n",
						sockets, ivl, ivlMax, attempts, cpu, absentSeconds + Math.min(absentSeconds / 3, 5), firstMs,
						connected.get(), allMs);
			}
			connecting.forEach(ZMQ.Socket::close);
		}
	}

	private static long cpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	private static final class Counter implements ZEvent.ZEventConsummer {

		private final AtomicLong retries;

		private final AtomicInteger connected;

		Counter(AtomicLong retries, AtomicInteger connected) {
			this.retries = retries;
			this.connected = connected;
		}

		@Override
		public void consume(zmq.ZMQ.Event event) {
			if (event.event == ZMQ.EVENT_CONNECT_RETRIED) {
				this.retries.incrementAndGet();
			}
			else if (event.event == ZMQ.EVENT_CONNECTED) {
				this.connected.incrementAndGet();
			}
		}

		@Override
		public void consume(ZEvent event) {
		}

		@Override
		public void close() {
		}

	}

}
