package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The one clock of the ZeroMQ shutdown, with a clock the test moves by hand.
 */
@Timeout(10)
class ZmqShutdownDeadlineTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final ZmqShutdownDeadline deadline = new ZmqShutdownDeadline(Duration.ofSeconds(10), this.now::get);

	@Test
	void whileTheApplicationClosesEveryStageSharesTheClockTheFirstOneStarted() {
		this.deadline.closing();
		long first = this.deadline.begin("listeners");
		assertThat(this.deadline.isStarted()).isTrue();
		advance(Duration.ofSeconds(7));
		long second = this.deadline.begin("senders");
		assertThat(second).isEqualTo(first);
		assertThat(this.deadline.remaining(second)).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void aStageThatBeginsAfterTheDeadlineHasNothingLeftToWait() {
		this.deadline.closing();
		this.deadline.begin("listeners");
		advance(Duration.ofSeconds(25));
		long late = this.deadline.begin("the ZeroMQ context");
		assertThat(this.deadline.remaining(late)).isEqualTo(Duration.ZERO);
	}

	@Test
	void theClockStartsAtTheFirstStageNotAtTheCloseEvent() {
		this.deadline.closing();
		// The web server drains its requests between the close event and the first ZeroMQ
		// stage.
		advance(Duration.ofSeconds(20));
		assertThat(this.deadline.isStarted()).isFalse();
		long first = this.deadline.begin("listeners");
		assertThat(this.deadline.remaining(first)).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aStopWhileTheApplicationRunsGetsTheFullTimeoutEachTime() {
		long first = this.deadline.begin("listeners");
		advance(Duration.ofSeconds(30));
		long again = this.deadline.begin("listeners");
		assertThat(this.deadline.remaining(again)).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.deadline.remaining(first)).isEqualTo(Duration.ZERO);
		assertThat(this.deadline.isStarted()).isFalse();
	}

	@Test
	void theOwnContextsCloseEventStartsSharing() {
		try (GenericApplicationContext own = new GenericApplicationContext()) {
			this.deadline.setApplicationContext(own);
			this.deadline.onApplicationEvent(new ContextClosedEvent(own));
			long first = this.deadline.begin("listeners");
			advance(Duration.ofSeconds(4));
			assertThat(this.deadline.remaining(this.deadline.begin("senders"))).isEqualTo(Duration.ofSeconds(6));
			assertThat(first).isEqualTo(this.deadline.begin("proxies"));
		}
	}

	@Test
	void aChildContextsCloseEventDoesNotStartSharing() {
		try (GenericApplicationContext own = new GenericApplicationContext();
				GenericApplicationContext child = new GenericApplicationContext(own)) {
			this.deadline.setApplicationContext(own);
			this.deadline.onApplicationEvent(new ContextClosedEvent(child));
			this.deadline.begin("listeners");
			advance(Duration.ofSeconds(15));
			assertThat(this.deadline.remaining(this.deadline.begin("senders"))).isEqualTo(Duration.ofSeconds(10));
			assertThat(this.deadline.isStarted()).isFalse();
		}
	}

	@Test
	void aZeroTimeoutClosesWithoutWaiting() {
		ZmqShutdownDeadline none = new ZmqShutdownDeadline(Duration.ZERO, this.now::get);
		none.closing();
		assertThat(none.remaining(none.begin("listeners"))).isEqualTo(Duration.ZERO);
	}

	@Test
	void aNegativeTimeoutIsRefusedWithThePropertyName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ZmqShutdownDeadline(Duration.ofSeconds(-1)))
			.withMessageContaining("zmq.shutdown-timeout");
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
