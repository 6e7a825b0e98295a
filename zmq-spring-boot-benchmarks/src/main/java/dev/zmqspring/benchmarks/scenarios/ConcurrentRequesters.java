package dev.zmqspring.benchmarks.scenarios;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.zmqspring.benchmarks.raw.RawRouterEcho;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.Payloads;
import dev.zmqspring.benchmarks.support.RequestPath;
import dev.zmqspring.benchmarks.support.ResourceUse;
import dev.zmqspring.benchmarks.support.SendingThreads;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThreadedVariant;
import dev.zmqspring.core.ZmqTemplate;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Scenario 5's request/reply variants: application threads each making synchronous
 * requests to one hand-written ROUTER that echoes (the same for every variant, so the
 * figure is the client side's), through a REQ socket per thread (raw) or one starter REQ
 * endpoint ({@code ZmqTemplate.request}). A round trip counts once its reply is back on
 * the calling thread and equal to its request (each request carries its thread and
 * sequence number). The client side's threads and file descriptors are counted before and
 * after.
 */
final class ConcurrentRequesters extends ThreadedVariant {

	private final RawRouterEcho server = new RawRouterEcho("tcp://127.0.0.1:*");

	private final AutoCloseable clientSide;

	private final SendingThreads threads;

	private final ResourceUse resources;

	private ConcurrentRequesters(int threadCount, int payloadSize, ClientSide side) {
		ResourceUse before = ResourceUse.before();
		Client client = side.open(this.server.address());
		this.clientSide = client.resources();
		this.threads = new SendingThreads(threadCount, (index) -> {
			Requester requester = client.requesters().get();
			byte[] request = Payloads.bytes(payloadSize);
			ByteBuffer stamp = ByteBuffer.wrap(request);
			return new SendingThreads.PerThreadSender() {
				@Override
				public void send(long sequence) {
					stamp.putInt(0, index).putLong(Integer.BYTES, sequence);
					requireEcho(request, requester.request(request));
					arrivals().arrived();
				}

				@Override
				public void close() {
					requester.close();
				}
			};
		});
		sendOnceOnEveryThread();
		this.resources = before.after();
	}

	/** A REQ socket per thread, in one context. */
	static ConcurrentRequesters raw(int threads, int payloadSize) {
		return new ConcurrentRequesters(threads, payloadSize, (address) -> {
			ZContext context = new ZContext(1);
			return new Client(context, () -> {
				ZMQ.Socket req = context.createSocket(SocketType.REQ);
				SocketOptions.defaults().apply(req, true);
				req.setReceiveTimeOut(10_000);
				req.connect(address);
				return new Requester() {
					@Override
					public byte[] request(byte[] request) {
						req.send(request, 0);
						return req.recv(0);
					}

					@Override
					public void close() {
						req.close();
					}
				};
			});
		});
	}

	/** One starter application with a REQ endpoint, every thread calling its template. */
	static ConcurrentRequesters starter(int threads, int payloadSize, RequestPath path) {
		return new ConcurrentRequesters(threads, payloadSize, (address) -> {
			List<String> properties = new ArrayList<>(
					List.of("zmq.endpoints.req.type=req", "zmq.endpoints.req.connect=" + address));
			properties.addAll(path.properties("req"));
			ConfigurableApplicationContext context = Contexts.starter(SenderApp.class, Map.of(), properties);
			ZmqTemplate template = context.getBean(ZmqTemplate.class);
			return new Client(context, () -> (request) -> template.request("req", request, byte[].class));
		});
	}

	private static void requireEcho(byte[] request, byte[] reply) {
		if (reply == null) {
			throw new IllegalStateException("No reply within the timeout");
		}
		if (!Arrays.equals(request, reply)) {
			throw new IllegalStateException("The reply is not the request's echo");
		}
	}

	@Override
	protected SendingThreads threads() {
		return this.threads;
	}

	ResourceUse resources() {
		return this.resources;
	}

	@Override
	public void close() {
		this.threads.close();
		try {
			this.clientSide.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			this.server.close();
		}
	}

	/** Opens a variant's client side, connected to the server's address. */
	@FunctionalInterface
	private interface ClientSide {

		Client open(String address);

	}

	/**
	 * A variant's client side.
	 *
	 * @param resources what to close at the end
	 * @param requesters called once on each application thread: that thread's requester
	 */
	private record Client(AutoCloseable resources, Supplier<Requester> requesters) {
	}

	/** What one application thread makes its synchronous requests with. */
	@FunctionalInterface
	private interface Requester {

		/** Sends a request and returns its reply, or {@code null} when none came. */
		byte[] request(byte[] request);

		/** Releases what the thread holds (its socket). */
		default void close() {
		}

	}

}
