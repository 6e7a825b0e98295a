package dev.zmqspring.core;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.awaitility.Awaitility.await;

/**
 * The virtual-thread sending scenario of {@link VirtualThreadSendingTests}, on Java 21 or
 * later (in the test's JVM, or in a child JVM of a newer Java when the build runs on 17):
 * hundreds of virtual threads wait for room in a full send queue, then send requests and
 * wait for their replies, while JFR records every {@code jdk.VirtualThreadPinned} event
 * however short. While the queue is full, the waiting threads' stacks are looked at: a
 * wait for room must park the thread (a lock's condition), never wait on a monitor. That
 * holds the send path to what Java 21 needs: since Java 24 a monitor wait no longer pins
 * a carrier, so the pinning event alone would not catch one there. Prints
 * {@code PINNED <n>}, {@code PARKED <n>}, {@code MONITOR <n>}, {@code DELIVERED <n>} and
 * {@code REPLIED <n>}.
 */
public final class VirtualThreadSending {

	static final int THREADS = 200;

	static final int MESSAGES_EACH = 10;

	/** What the listener receives from the virtual threads. */
	static final int MESSAGES = THREADS * MESSAGES_EACH;

	private static final int WARM_UP_THREADS = 4;

	private static final int QUEUE_CAPACITY = 8;

	private VirtualThreadSending() {
	}

	public static void main(String[] args) throws Exception {
		Result result = run(Files.createTempDirectory("zmq-virtual-threads"));
		result.print();
		System.exit(0);
	}

	/**
	 * Runs the scenario.
	 * @param directory where the JFR recording is written
	 */
	static Result run(Path directory) throws Exception {
		Result[] result = new Result[1];
		Exception[] failure = new Exception[1];
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class))
			.withUserConfiguration(SlowReceiver.class)
			.withPropertyValues("zmq.endpoints.work.type=PUSH", "zmq.endpoints.work.bind=inproc://virtual-work",
					"zmq.endpoints.work.socket.send-queue-capacity=" + QUEUE_CAPACITY,
					"zmq.endpoints.work.socket.send-high-water-mark=8", "zmq.endpoints.work.socket.send-timeout=30s",
					"zmq.endpoints.work-in.type=PULL", "zmq.endpoints.work-in.connect=inproc://virtual-work",
					"zmq.endpoints.work-in.socket.receive-high-water-mark=8", "zmq.endpoints.echo.type=REQ",
					"zmq.endpoints.echo.bind=inproc://virtual-echo", "zmq.endpoints.echo-in.type=REP",
					"zmq.endpoints.echo-in.connect=inproc://virtual-echo")
			.run((context) -> {
				try {
					result[0] = send(context.getBean(ZmqTemplate.class), context.getBean(SlowReceiver.class),
							directory.resolve("pinning.jfr"));
				}
				catch (Exception ex) {
					failure[0] = ex;
				}
			});
		if (failure[0] != null) {
			throw failure[0];
		}
		return result[0];
	}

	private static Result send(ZmqTemplate template, SlowReceiver receiver, Path dump) throws Exception {
		boolean pinningEvent = FlightRecorder.getFlightRecorder()
			.getEventTypes()
			.stream()
			.anyMatch((type) -> type.getName().equals("jdk.VirtualThreadPinned"));
		// The same work first on platform threads, so that every class on the way is
		// loaded before the recording: the JDK pins a virtual thread that loads a class
		// another thread is loading, whatever it was doing.
		ExecutorService platformThreads = Executors.newFixedThreadPool(WARM_UP_THREADS);
		try {
			round(platformThreads, WARM_UP_THREADS, template, receiver);
		}
		finally {
			platformThreads.shutdown();
		}
		Round virtual;
		try (Recording recording = new Recording()) {
			recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
			recording.start();
			ExecutorService virtualThreads = newVirtualThreadPerTaskExecutor();
			try {
				virtual = round(virtualThreads, THREADS, template, receiver);
			}
			finally {
				virtualThreads.shutdown();
				virtualThreads.awaitTermination(30, TimeUnit.SECONDS);
			}
			recording.stop();
			recording.dump(dump);
		}
		List<RecordedEvent> pinned = RecordingFile.readAllEvents(dump)
			.stream()
			.filter((event) -> event.getEventType().getName().equals("jdk.VirtualThreadPinned"))
			.toList();
		pinned.forEach(System.out::println);
		return new Result(pinningEvent, pinned.size(), virtual.parked(), virtual.inMonitor(), receiver.received.size(),
				(int) virtual.replies().stream().filter((reply) -> reply.startsWith("pong-")).count());
	}

	/**
	 * Threads that each send their messages, while the listener holds them back until the
	 * queue is full and senders wait for room, then each send a request.
	 * @return the replies, and how the senders waited for room
	 */
	private static Round round(ExecutorService threads, int count, ZmqTemplate template, SlowReceiver receiver)
			throws Exception {
		receiver.received.clear();
		CountDownLatch gate = new CountDownLatch(1);
		receiver.gate = gate;
		OneWaySender work = (OneWaySender) template.getSenderRegistry().sender("work");
		List<Future<String>> sends = new ArrayList<>();
		List<Thread> senders = new CopyOnWriteArrayList<>();
		for (int t = 0; t < count; t++) {
			int thread = t;
			sends.add(threads.submit(() -> {
				senders.add(Thread.currentThread());
				for (int i = 0; i < MESSAGES_EACH; i++) {
					template.convertAndSend("work", thread + "-" + i);
				}
				return template.request("echo", "ping-" + thread, String.class);
			}));
		}
		// The listener holds the first message, the pipe and the queue fill: the other
		// senders wait for room.
		await().atMost(Duration.ofSeconds(20)).until(() -> work.queued() >= QUEUE_CAPACITY);
		int expectedWaiting = Math.min(count / 2, count - QUEUE_CAPACITY - 2);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> senders.stream().filter(VirtualThreadSending::waiting).count() >= expectedWaiting);
		int parked = 0;
		int inMonitor = 0;
		for (Thread sender : senders) {
			if (waiting(sender)) {
				StackTraceElement[] stack = sender.getStackTrace();
				if (sender.getState() == Thread.State.BLOCKED || has(stack, "java.lang.Object", "wait")) {
					inMonitor++;
				}
				else if (has(stack, "java.util.concurrent.locks.LockSupport", "park")) {
					parked++;
				}
			}
		}
		gate.countDown();
		List<String> replies = new ArrayList<>();
		for (Future<String> send : sends) {
			replies.add(send.get(30, TimeUnit.SECONDS));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received.size() == count * MESSAGES_EACH);
		return new Round(replies, parked, inMonitor);
	}

	private static boolean waiting(Thread thread) {
		Thread.State state = thread.getState();
		return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING || state == Thread.State.BLOCKED;
	}

	private static boolean has(StackTraceElement[] stack, String className, String methodPrefix) {
		for (StackTraceElement frame : stack) {
			if (frame.getClassName().equals(className) && frame.getMethodName().startsWith(methodPrefix)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One round's replies, and how its senders were waiting while the queue was full.
	 *
	 * @param replies the replies to their requests
	 * @param parked senders parked (a lock or its condition)
	 * @param inMonitor senders waiting on or for a monitor
	 */
	private record Round(List<String> replies, int parked, int inMonitor) {
	}

	private static ExecutorService newVirtualThreadPerTaskExecutor() throws ReflectiveOperationException {
		// Java 21 API, called by reflection: the tests compile for Java 17.
		return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
	}

	/**
	 * What the scenario saw.
	 *
	 * @param pinningEvent whether the JDK has the pinning event at all
	 * @param pinned how many times a virtual thread pinned its carrier
	 * @param parked virtual threads seen parked while the send queue was full
	 * @param inMonitor virtual threads seen waiting on or for a monitor then
	 * @param delivered messages the listener received
	 * @param replied requests answered
	 */
	record Result(boolean pinningEvent, int pinned, int parked, int inMonitor, int delivered, int replied) {

		void print() {
			System.out.println("EVENT " + this.pinningEvent);
			System.out.println("PINNED " + this.pinned);
			System.out.println("PARKED " + this.parked);
			System.out.println("MONITOR " + this.inMonitor);
			System.out.println("DELIVERED " + this.delivered);
			System.out.println("REPLIED " + this.replied);
		}

	}

	static class SlowReceiver {

		volatile CountDownLatch gate = new CountDownLatch(0);

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(endpoint = "work-in")
		void work(String message) throws InterruptedException {
			this.gate.await();
			this.received.add(message);
		}

		@ZmqListener(endpoint = "echo-in")
		String echo(String ping) {
			return ping.replace("ping", "pong");
		}

	}

}
