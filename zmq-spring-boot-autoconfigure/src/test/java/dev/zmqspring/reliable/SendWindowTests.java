package dev.zmqspring.reliable;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SendWindow}: slow start, halving on a loss (once per burst), growth by about one
 * message per window after that, between 1 and the maximum.
 */
@Timeout(10)
class SendWindowTests {

	private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(1);

	private static final long FAST = TimeUnit.MILLISECONDS.toNanos(2);

	@Test
	void startsSmallAndDoublesWithEachWindowAcknowledgedUpToTheMaximum() {
		SendWindow window = new SendWindow(100, TIMEOUT);
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL);
		acknowledge(window, SendWindow.INITIAL);
		assertThat(window.size()).isEqualTo(2 * SendWindow.INITIAL);
		acknowledge(window, 1000);
		assertThat(window.size()).isEqualTo(100);
		assertThat(window.room(30)).isEqualTo(70);
		assertThat(new SendWindow(10, TIMEOUT).size()).isEqualTo(10);
	}

	@Test
	void aBurstOfLossesHalvesTheWindowOnceAndLaterSendsCanHalveItAgain() {
		SendWindow window = new SendWindow(1000, TIMEOUT);
		acknowledge(window, 300);
		assertThat(window.size()).isEqualTo(332);
		long first = window.sent();
		long second = window.sent();
		window.lost(first);
		window.lost(second);
		assertThat(window.size()).isEqualTo(166);
		window.lost(window.sent());
		assertThat(window.size()).isEqualTo(83);
		// Nothing was acknowledged between the two: it doubles again up to where the
		// first loss left it, then grows by about one message per window acknowledged.
		acknowledge(window, 83);
		assertThat(window.size()).isEqualTo(166);
		acknowledge(window, 167);
		assertThat(window.size()).isEqualTo(167);
	}

	@Test
	void aReceiverThatWasAwayIsRampedUpToAgainAsAtStart() {
		SendWindow window = new SendWindow(1000, TIMEOUT);
		for (int i = 0; i < 20; i++) {
			window.lost(window.sent());
		}
		assertThat(window.size()).isEqualTo(1);
		assertThat(window.room(1)).isZero();
		acknowledge(window, 1);
		assertThat(window.size()).isEqualTo(2);
		acknowledge(window, 30);
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL);
		acknowledge(window, SendWindow.INITIAL + 1);
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL + 1);
	}

	@Test
	void aReceiverThatWasAwayWhileTheWindowWasLargeIsRampedUpToHalfOfIt() {
		SendWindow window = new SendWindow(1000, TIMEOUT);
		acknowledge(window, 600);
		assertThat(window.size()).isEqualTo(632);
		// It went away: the first loss halves the window, and the probes that time out
		// after it shrink the window to one message, each a loss of its own.
		window.lost(window.sent());
		for (int i = 0; i < 20; i++) {
			window.lost(window.sent());
		}
		assertThat(window.size()).isEqualTo(1);
		// Back: slow start up to half the window it had, not to where it starts.
		acknowledge(window, 315);
		assertThat(window.size()).isEqualTo(316);
		acknowledge(window, 320);
		assertThat(window.size()).isEqualTo(317);
		// A loss after acknowledgements is congestion again: the threshold follows.
		window.lost(window.sent());
		assertThat(window.size()).isEqualTo(158);
		acknowledge(window, 158);
		assertThat(window.size()).isEqualTo(159);
	}

	@Test
	void acknowledgementsSlowerThanHalfTheTimeoutStopTheGrowthAndPastThreeQuartersShrinkIt() {
		SendWindow window = new SendWindow(1000, TIMEOUT);
		for (int i = 0; i < 100; i++) {
			window.acknowledged(TimeUnit.MILLISECONDS.toNanos(600), true);
		}
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL);
		for (int i = 0; i < 60; i++) {
			window.acknowledged(TimeUnit.MILLISECONDS.toNanos(800), true);
		}
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL - 2);
		window.acknowledged(FAST, true);
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL - 1);
	}

	@Test
	void aWindowThatIsNotFullDoesNotGrow() {
		SendWindow window = new SendWindow(1000, TIMEOUT);
		for (int i = 0; i < 500; i++) {
			window.acknowledged(FAST, false);
		}
		assertThat(window.size()).isEqualTo(SendWindow.INITIAL);
	}

	private static void acknowledge(SendWindow window, int acknowledgements) {
		for (int i = 0; i < acknowledgements; i++) {
			window.acknowledged(FAST, true);
		}
	}

}
