package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawReceiver;
import dev.zmqspring.benchmarks.si.SiSenderApp;
import dev.zmqspring.benchmarks.si.SiSpec;
import dev.zmqspring.benchmarks.starter.apps.SenderApp;
import dev.zmqspring.benchmarks.support.Contexts;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.ResourceUse;
import dev.zmqspring.benchmarks.support.SendingThreads;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.ThreadedVariant;
import dev.zmqspring.core.ZmqTemplate;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

/**
 * Scenario 5's variants: application threads sending to one hand-written PULL receiver
 * (the same for all three), through a socket per thread (raw), one {@code ZmqTemplate}
 * endpoint (starter) or one outbound adapter (Spring Integration). The sending side's
 * threads and file descriptors are counted before and after.
 */
final class ConcurrentSenders extends ThreadedVariant {

	private final ZContext receiverContext = new ZContext(1);

	private final RawReceiver receiver;

	private final AutoCloseable sendingSide;

	private final SendingThreads threads;

	private final ResourceUse resources;

	private ConcurrentSenders(int threadCount, int payloadSize, String kind, boolean socketPerThread) {
		this.receiver = new RawReceiver(this.receiverContext, SocketType.PULL, "tcp://127.0.0.1:*",
				SocketOptions.defaults(), MessageWork.bytes(payloadSize), arrivals());
		byte[] payload = MessageWork.bytes(payloadSize).encode(0);
		String address = this.receiver.address();
		ResourceUse before = ResourceUse.before();
		switch (kind) {
			case "raw" -> {
				ZContext context = new ZContext(1);
				this.sendingSide = context;
				this.threads = new SendingThreads(threadCount, (index) -> {
					ZMQ.Socket push = context.createSocket(SocketType.PUSH);
					SocketOptions.defaults().apply(push, true);
					push.connect(address);
					return new SendingThreads.PerThreadSender() {
						@Override
						public void send(long sequence) {
							push.send(payload, 0);
						}

						@Override
						public void close() {
							push.close();
						}
					};
				});
			}
			case "starter" -> {
				ConfigurableApplicationContext context = Contexts.starter(SenderApp.class, Map.of(),
						"zmq.endpoints.out.type=push", "zmq.endpoints.out.connect=" + address,
						"zmq.endpoints.out.socket-per-thread=" + socketPerThread);
				this.sendingSide = context;
				ZmqTemplate template = context.getBean(ZmqTemplate.class);
				this.threads = new SendingThreads(threadCount, (index) -> (sequence) -> template.send("out", payload));
			}
			default -> {
				ConfigurableApplicationContext context = Contexts.springIntegration(SiSenderApp.class,
						Map.of("spec", new SiSpec(SocketType.PUSH, address, false, SocketOptions.defaults())));
				this.sendingSide = context;
				MessageChannel out = context.getBean("out", MessageChannel.class);
				GenericMessage<byte[]> message = new GenericMessage<>(payload);
				this.threads = new SendingThreads(threadCount, (index) -> (sequence) -> out.send(message));
			}
		}
		sendOnceOnEveryThread();
		this.resources = before.after();
	}

	static ConcurrentSenders raw(int threads, int payloadSize) {
		return new ConcurrentSenders(threads, payloadSize, "raw", false);
	}

	static ConcurrentSenders starter(int threads, int payloadSize, boolean socketPerThread) {
		return new ConcurrentSenders(threads, payloadSize, "starter", socketPerThread);
	}

	static ConcurrentSenders springIntegration(int threads, int payloadSize) {
		return new ConcurrentSenders(threads, payloadSize, "si", false);
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
			this.sendingSide.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		this.receiver.close();
		this.receiverContext.close();
	}

}
