package dev.zmqspring.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import dev.zmqspring.core.RefusedFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import zmq.Msg;
import zmq.io.Metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When a full receive-buffer budget stops a socket's reads, and when it refuses a frame
 * instead: frames go through the steps JeroMQ's decoder and engine take (flags, memory,
 * metadata once read whole) and the application's read.
 */
@Timeout(30)
class ReceiveBudgetTests {

	private static final int LARGEST = 256 * 1024;

	private static final long LIMIT = 4L * LARGEST;

	private final AtomicReference<BooleanSupplier> readAgain = new AtomicReference<>();

	private final AtomicInteger pauses = new AtomicInteger();

	private final AtomicInteger stalls = new AtomicInteger();

	private final AtomicInteger refusals = new AtomicInteger();

	private boolean canPause = true;

	private final ReceiveBudget budget = new ReceiveBudget(LIMIT, LARGEST, (condition) -> {
		this.readAgain.set(condition);
		return this.canPause;
	}, this.pauses::incrementAndGet, this.stalls::incrementAndGet, TimeUnit.MILLISECONDS.toNanos(200), Long.MAX_VALUE);

	/** Every frame of a test, kept reachable: the budget gives back what is collected. */
	private final List<LargeFrame> frames = new ArrayList<>();

	@Test
	void framesWithinTheBudgetAreHeldUntilTheApplicationTakesThem() {
		LargeFrame[] frames = new LargeFrame[4];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = readWhole(0);
		}
		assertThat(this.budget.held()).isEqualTo(LIMIT);
		for (LargeFrame frame : frames) {
			assertThat(frame.data()).hasSize(LARGEST);
		}
		assertThat(this.budget.held()).isZero();
		assertThat(this.pauses).hasValue(0);
		assertThat(this.refusals).hasValue(0);
	}

	@Test
	void aFullBudgetOfMessagesStopsReadsAndFinishesTheFrameThatFilledIt() {
		LargeFrame[] queued = { readWhole(0), readWhole(0), readWhole(0), readWhole(0) };
		LargeFrame filling = startReading(0);
		assertThat(filling.size()).as("the frame being read when the budget filled").isEqualTo(LARGEST);
		assertThat(this.pauses).hasValue(1);
		assertThat(this.budget.held()).isEqualTo(LIMIT + LARGEST);
		// A connection that was not stopped in time: beyond one largest message over the
		// budget, refused.
		LargeFrame beyond = startReading(0);
		assertThat(beyond.data()).isSameAs(RefusedFrames.marker());
		assertThat(this.refusals).hasValue(1);
		assertThat(this.pauses).as("one pause, however many frames come meanwhile").hasValue(1);
		BooleanSupplier readAgain = this.readAgain.get();
		assertThat(readAgain.getAsBoolean()).isFalse();
		queued[0].data();
		assertThat(readAgain.getAsBoolean()).as("the budget still full").isFalse();
		queued[1].data();
		assertThat(this.budget.held()).isEqualTo(this.budget.resumeLevel()).isEqualTo(LIMIT - LARGEST);
		assertThat(readAgain.getAsBoolean()).isTrue();
		assertThat(this.stalls).hasValue(0);
		queued[2].data();
		queued[3].data();
		completed(filling).data();
		assertThat(this.budget.held()).isZero();
	}

	@Test
	void aBudgetFullOfPartsOfUnfinishedMessagesRefusesWithoutStoppingReads() {
		for (int i = 0; i < 4; i++) {
			readWhole(Msg.MORE);
		}
		LargeFrame next = startReading(Msg.MORE);
		assertThat(next.data()).isSameAs(RefusedFrames.marker());
		assertThat(this.pauses).as("the listener could take none of them: nothing to wait for").hasValue(0);
		assertThat(this.refusals).hasValue(1);
	}

	@Test
	void framesStillBeingReadDoNotKeepReadsStopped() {
		LargeFrame last = readWhole(0);
		for (int i = 0; i < 3; i++) {
			startReading(0);
		}
		startReading(0);
		assertThat(this.pauses).hasValue(1);
		BooleanSupplier readAgain = this.readAgain.get();
		assertThat(readAgain.getAsBoolean()).isFalse();
		// The listener took the only whole message: what is left can only complete if
		// the connections read again.
		last.data();
		assertThat(readAgain.getAsBoolean()).isTrue();
	}

	@Test
	void whereReadsCannotStopAFrameThatDoesNotFitIsRefused() {
		this.canPause = false;
		for (int i = 0; i < 4; i++) {
			readWhole(0);
		}
		assertThat(startReading(0).data()).isSameAs(RefusedFrames.marker());
		assertThat(this.pauses).hasValue(0);
		assertThat(this.refusals).hasValue(1);
	}

	@Test
	void aListenerThatTakesNothingLetsTheSocketReadAgainAfterAWhile() {
		for (int i = 0; i < 4; i++) {
			readWhole(0);
		}
		startReading(0);
		BooleanSupplier readAgain = this.readAgain.get();
		assertThat(readAgain.getAsBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(10)).until(readAgain::getAsBoolean);
		assertThat(this.stalls).hasValue(1);
		// Reading again, the budget still full: the next frame that does not fit stops
		// reads again, and is refused beyond one largest message over.
		assertThat(startReading(0).data()).isSameAs(RefusedFrames.marker());
		assertThat(this.pauses).hasValue(2);
	}

	@Test
	void aPauseEndsBeforeHeartbeatsWouldTimeOutEvenWhileTheListenerTakesMessages() {
		ReceiveBudget budget = new ReceiveBudget(LIMIT, LARGEST, (condition) -> {
			this.readAgain.set(condition);
			return true;
		}, this.pauses::incrementAndGet, this.stalls::incrementAndGet, Long.MAX_VALUE,
				TimeUnit.MILLISECONDS.toNanos(200));
		LargeFrame[] queued = new LargeFrame[4];
		for (int i = 0; i < queued.length; i++) {
			queued[i] = completed(startReading(budget, 0));
		}
		startReading(budget, 0);
		BooleanSupplier readAgain = this.readAgain.get();
		queued[0].data();
		assertThat(readAgain.getAsBoolean()).as("the budget still full").isFalse();
		await().atMost(Duration.ofSeconds(10)).until(readAgain::getAsBoolean);
		assertThat(this.stalls).as("the listener took a message: no stall").hasValue(0);
	}

	/** A frame as JeroMQ's decoder starts it: flags first, then its memory. */
	private LargeFrame startReading(int flags) {
		return startReading(this.budget, flags);
	}

	private LargeFrame startReading(ReceiveBudget budget, int flags) {
		LargeFrame frame = new LargeFrame(LARGEST, budget, new FrameMemory("e", zmq.ZMQ.DEFAULT_MSG_ALLOCATOR), () -> {
		}, this.refusals::incrementAndGet, null);
		frame.setFlags(flags);
		frame.buf();
		this.frames.add(frame);
		return frame;
	}

	/** A frame read whole and handed to the socket. */
	private LargeFrame readWhole(int flags) {
		return completed(startReading(flags));
	}

	private static LargeFrame completed(LargeFrame frame) {
		frame.setMetadata(new Metadata());
		return frame;
	}

}
