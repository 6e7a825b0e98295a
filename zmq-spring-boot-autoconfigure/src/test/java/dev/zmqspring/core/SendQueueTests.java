package dev.zmqspring.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off between sending threads and an endpoint's owner thread: bounded, nothing
 * lost or duplicated, each producer's order kept, and neither side left waiting once the
 * other has acted.
 */
@Timeout(60)
class SendQueueTests {

	@Test
	void offerIsRefusedAtTheCapacityAndAcceptedAgainOnceAMessageIsTaken() {
		SendQueue queue = new SendQueue(3);
		assertThat(queue.offer(message(1))).isTrue();
		assertThat(queue.offer(message(2))).isTrue();
		assertThat(queue.offer(message(3))).isTrue();
		assertThat(queue.offer(message(4))).isFalse();
		assertThat(queue.size()).isEqualTo(3);
		assertThat(queue.poll()).isEqualTo(message(1));
		assertThat(queue.offer(message(4))).isTrue();
		assertThat(queue.offer(message(5))).isFalse();
		assertThat(List.of(queue.poll(), queue.poll(), queue.poll())).containsExactly(message(2), message(3),
				message(4));
		assertThat(queue.poll()).isNull();
		assertThat(queue.isEmpty()).isTrue();
	}

	@Test
	void waitingOfferGivesUpAfterItsTimeoutWhileTheQueueStaysFull() throws Exception {
		SendQueue queue = new SendQueue(1);
		queue.offer(message(1));
		long start = System.nanoTime();
		assertThat(queue.offer(message(2), 200, TimeUnit.MILLISECONDS)).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(200);
		assertThat(queue.size()).isEqualTo(1);
	}

	@Test
	void waitingProducerGetsInAsSoonAsTheConsumerMakesRoom() throws Exception {
		SendQueue queue = new SendQueue(1);
		queue.offer(message(1));
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.offer(message(2), 30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(queue.poll()).isEqualTo(message(1));
		queue.signalRoom();
		assertThat(waiting.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(queue.poll()).isEqualTo(message(2));
	}

	@Test
	void parkedConsumerWakesForTheNextMessage() throws Exception {
		SendQueue queue = new SendQueue(8);
		CompletableFuture<byte[][]> consumer = CompletableFuture.supplyAsync(() -> {
			queue.awaitMessages(30, TimeUnit.SECONDS);
			return queue.poll();
		});
		// Whether the consumer parked before or after this offer, it must come back with
		// the message long before
		// its 30 s park ends.
		queue.offer(message(7));
		assertThat(consumer.get(10, TimeUnit.SECONDS)).isEqualTo(message(7));
	}

	@Test
	void manyProducersThroughASmallQueueLoseNothingAndKeepEachProducersOrder() throws Exception {
		int producers = 4;
		int perProducer = 50_000;
		SendQueue queue = new SendQueue(37);
		AtomicBoolean failed = new AtomicBoolean();
		List<Thread> threads = new ArrayList<>();
		for (int p = 0; p < producers; p++) {
			int producer = p;
			Thread thread = new Thread(() -> {
				try {
					for (int i = 0; i < perProducer; i++) {
						if (!queue.offer(new byte[][] { { (byte) producer }, intBytes(i) }, 30, TimeUnit.SECONDS)) {
							failed.set(true);
							return;
						}
					}
				}
				catch (InterruptedException ex) {
					failed.set(true);
				}
			});
			thread.start();
			threads.add(thread);
		}
		int[] next = new int[producers];
		int received = 0;
		while (received < producers * perProducer && !failed.get()) {
			byte[][] frames = queue.poll();
			if (frames == null) {
				queue.signalRoom();
				queue.awaitMessages(100, TimeUnit.MILLISECONDS);
				continue;
			}
			int producer = frames[0][0];
			assertThat(toInt(frames[1])).as("message of producer %d", producer).isEqualTo(next[producer]);
			next[producer]++;
			received++;
			if (received % 16 == 0) {
				queue.signalRoom();
			}
		}
		for (Thread thread : threads) {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		assertThat(failed).isFalse();
		assertThat(next).containsOnly(perProducer);
		assertThat(queue.poll()).isNull();
	}

	private static byte[][] message(int value) {
		return MESSAGES[value];
	}

	private static final byte[][][] MESSAGES = new byte[8][][];

	static {
		for (int i = 0; i < MESSAGES.length; i++) {
			MESSAGES[i] = new byte[][] { { (byte) i } };
		}
	}

	private static byte[] intBytes(int value) {
		return new byte[] { (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value };
	}

	private static int toInt(byte[] bytes) {
		return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
	}

}
