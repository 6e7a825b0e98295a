package dev.zmqspring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.core.EndpointStatistics;
import dev.zmqspring.core.ThreadTally;
import dev.zmqspring.core.ZmqDelivery;
import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqSocketType;
import dev.zmqspring.observation.ZmqListenerContext;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.support.HeadersFrameCodec;
import dev.zmqspring.support.ZmqFrameDecoder;
import dev.zmqspring.support.ZmqMessage;
import dev.zmqspring.support.converter.SimpleZmqMessageConverter;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observations of messages processed in one transaction: they end once the batch
 * committed; when it rolls back, what its messages did was undone, and their observations
 * end with {@link TransactionRolledBackException} before each message is processed again,
 * alone, in an observation of its own.
 */
@Timeout(30)
class TransactionBatchObservationTests {

	private final List<String> stopped = new CopyOnWriteArrayList<>();

	@Test
	void aBatchThatCommitsEndsTheObservationsOfItsMessagesAsSuccesses() {
		TransactionBatch batch = batch();
		batch.process(List.of(frames("a"), frames("b"), frames("c")), new EndpointStatistics().openReceivedTally());
		assertThat(this.stopped).containsExactly("a none", "b none", "c none");
	}

	@Test
	void aBatchThatRollsBackEndsWhatItUndidAsRolledBackAndEachMessageIsObservedAgainAlone() {
		TransactionBatch batch = batch();
		ThreadTally counter = new EndpointStatistics().openReceivedTally();
		batch.process(List.of(frames("a"), frames("poison"), frames("b")), counter);
		assertThat(this.stopped).containsExactly("poison IllegalStateException", "a TransactionRolledBackException",
				"a none", "poison IllegalStateException", "b none");
	}

	private TransactionBatch batch() {
		ZmqEndpoint endpoint = new ZmqEndpoint("orders-in", ZmqSocketType.PULL, true, List.of("inproc://batch"),
				List.of(), null, false, Duration.ofSeconds(1), 0, null, ZmqDelivery.AT_MOST_ONCE, 0, Duration.ZERO,
				"zmq.endpoints.orders-in");
		MessageProcessor processor = new MessageProcessor("orders", endpoint,
				new ZmqFrameDecoder(endpoint, new HeadersFrameCodec()), new BatchListener(),
				new SimpleZmqMessageConverter(), (failure) -> {
				}, new EndpointStatistics());
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new Recorder());
		processor.setObservations(new ZmqObservations(registry, (name) -> true, ZmqObservations.Conventions.DEFAULT));
		TransactionBatch batch = TransactionBatch.of(processor);
		assertThat(batch).isNotNull();
		return batch;
	}

	private static List<byte[]> frames(String payload) {
		return List.of(payload.getBytes(StandardCharsets.UTF_8));
	}

	/** Records each listener observation as it stops: its payload and its error. */
	private final class Recorder implements ObservationHandler<ZmqListenerContext> {

		@Override
		public void onStop(ZmqListenerContext context) {
			ZmqMessage message = context.getMessage();
			Throwable error = context.getError();
			TransactionBatchObservationTests.this.stopped
				.add(((message != null) ? new String(message.getPayload(), StandardCharsets.UTF_8) : "?") + " "
						+ ((error != null) ? error.getClass().getSimpleName() : "none"));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ZmqListenerContext;
		}

	}

	/**
	 * A listener that processes batches in one transaction (as at-least-once listeners
	 * do) and fails on "poison": in a batch by aborting it, alone by throwing.
	 */
	private static final class BatchListener implements ZmqMessageListener, TransactionalBatches {

		private boolean inBatch;

		@Override
		public Object onMessage(ZmqMessage message) {
			if (new String(message.getPayload(), StandardCharsets.UTF_8).equals("poison")) {
				IllegalStateException failure = new IllegalStateException("poison");
				if (this.inBatch) {
					throw new TransactionalBatches.Abort(failure);
				}
				throw failure;
			}
			return null;
		}

		@Override
		public int transactionBatchSize() {
			return 10;
		}

		@Override
		public boolean inOneTransaction(Runnable batch) {
			this.inBatch = true;
			try {
				batch.run();
				return true;
			}
			catch (TransactionalBatches.Abort ex) {
				return false;
			}
			finally {
				this.inBatch = false;
			}
		}

	}

}
