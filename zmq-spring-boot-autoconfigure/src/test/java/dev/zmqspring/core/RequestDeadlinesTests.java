package dev.zmqspring.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The owner thread's deadline book: the nearest deadline first, whatever order requests
 * came in, and answered requests forgotten without waiting for their deadline.
 */
@Timeout(10)
class RequestDeadlinesTests {

	private final RequestDeadlines deadlines = new RequestDeadlines();

	@Test
	void aShorterTimeoutGivenLaterIsDueFirst() {
		PendingRequest slow = request(1, 5_000);
		PendingRequest quick = request(2, 300);
		this.deadlines.add(slow);
		this.deadlines.add(quick);
		assertThat(this.deadlines.nanosUntilNext(0)).isEqualTo(300);
		assertThat(this.deadlines.takeSettledOrDue(299)).isNull();
		assertThat(this.deadlines.takeSettledOrDue(300)).isSameAs(quick);
		assertThat(this.deadlines.takeSettledOrDue(4_999)).isNull();
		assertThat(this.deadlines.takeSettledOrDue(5_000)).isSameAs(slow);
		assertThat(this.deadlines.isEmpty()).isTrue();
		assertThat(this.deadlines.nanosUntilNext(6_000)).isEqualTo(Long.MAX_VALUE);
	}

	@Test
	void answeredRequestsLeaveFromTheFrontBeforeTheirDeadline() {
		PendingRequest first = request(1, 1_000);
		PendingRequest second = request(2, 1_000);
		this.deadlines.add(first);
		this.deadlines.add(second);
		first.reply().complete(new byte[0][]);
		assertThat(this.deadlines.takeSettledOrDue(10)).isSameAs(first);
		assertThat(this.deadlines.takeSettledOrDue(10)).isNull();
		assertThat(this.deadlines.isEmpty()).isFalse();
	}

	@Test
	void deadlinesAcrossTheWrapOfNanoTimeKeepTheirOrder() {
		PendingRequest before = new PendingRequest(1, new byte[0][], new CompletableFuture<>(), Duration.ofNanos(10),
				Long.MAX_VALUE - 5);
		PendingRequest after = new PendingRequest(2, new byte[0][], new CompletableFuture<>(), Duration.ofNanos(10),
				Long.MIN_VALUE + 5);
		this.deadlines.add(after);
		this.deadlines.add(before);
		assertThat(this.deadlines.takeSettledOrDue(Long.MAX_VALUE - 5)).isSameAs(before);
		assertThat(this.deadlines.takeSettledOrDue(Long.MAX_VALUE)).isNull();
		assertThat(this.deadlines.takeSettledOrDue(Long.MIN_VALUE + 5)).isSameAs(after);
	}

	private static PendingRequest request(long id, long deadlineNanos) {
		return new PendingRequest(id, new byte[0][], new CompletableFuture<>(), Duration.ofNanos(deadlineNanos),
				deadlineNanos);
	}

}
