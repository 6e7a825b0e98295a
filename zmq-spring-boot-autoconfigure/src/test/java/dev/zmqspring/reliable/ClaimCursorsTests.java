package dev.zmqspring.reliable;

import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClaimCursors}: a group's claims start after what they took, go back to what was
 * committed or released behind them, and start from the group's first message at least
 * every {@link ClaimCursors#FULL_SCAN_INTERVAL_NANOS}.
 */
@Timeout(10)
class ClaimCursorsTests {

	private static final long INTERVAL = ClaimCursors.FULL_SCAN_INTERVAL_NANOS;

	private final ClaimCursors cursors = new ClaimCursors();

	/** The time ({@link System#nanoTime()}) of the claims. */
	private long now = 1_000_000;

	@Test
	void theFirstClaimOfAGroupWalksItAllAndTheNextStartAtTheLastItTook() {
		assertThat(claim("email", 10, 1, 2, 3)).isEqualTo(Long.MIN_VALUE);
		assertThat(claim("email", 10, 4)).isEqualTo(3);
		assertThat(claim("email", 10)).isEqualTo(4);
		assertThat(claim("email", 10)).isEqualTo(4);
		// Each group has a cursor of its own.
		assertThat(claim("sms", 10)).isEqualTo(Long.MIN_VALUE);
		assertThat(claim("sms", 10)).isEqualTo(Long.MIN_VALUE);
	}

	@Test
	void aClaimThatTookItsLimitIsFollowedFromItsLastMessage() {
		claim("email", 10, 1);
		assertThat(claim("email", 3, 5, 6, 7)).isEqualTo(1);
		assertThat(claim("email", 3, 8)).isEqualTo(7);
		assertThat(claim("email", 3)).isEqualTo(8);
	}

	@Test
	void aFetchThatClaimsNothingLeavesTheCursorAndItsHintsAlone() {
		claim("email", 10, 1, 2, 3);
		this.cursors.committed(2);
		assertThat(this.cursors.from("email", this.now)).isEqualTo(2);
		this.cursors.claimed("email", 0, List.of());
		assertThat(claim("email", 10, 2)).isEqualTo(2);
	}

	@Test
	void aMessageCommittedOrReleasedBehindTheCursorIsWhereTheNextClaimStarts() {
		claim("email", 10, 1, 2, 3);
		claim("sms", 10, 1, 2, 3);
		this.cursors.committed(2);
		this.cursors.committed(3);
		assertThat(claim("email", 10, 2)).isEqualTo(2);
		assertThat(claim("sms", 10, 2)).isEqualTo(2);
		assertThat(claim("email", 10)).isEqualTo(3);
		// Committed ahead of the cursor: the claim starts where it would anyway.
		this.cursors.committed(10);
		assertThat(claim("email", 10)).isEqualTo(3);
		this.cursors.released("email", 1);
		assertThat(claim("email", 10, 1)).isEqualTo(1);
		assertThat(claim("email", 10)).isEqualTo(3);
	}

	@Test
	void aClaimThatTookItsLimitBehindTheCursorLeavesTheRestForTheNext() {
		claim("email", 10, 1, 2, 3, 4, 5, 6);
		this.cursors.committed(0);
		assertThat(claim("email", 2, 0, 1)).isEqualTo(0);
		assertThat(claim("email", 10, 3)).isEqualTo(1);
		assertThat(claim("email", 10)).isEqualTo(6);
	}

	@Test
	void aGroupWalksItAllAtLeastEveryIntervalAndAfterARewind() {
		claim("email", 10, 1, 2, 3);
		this.now += INTERVAL - 1;
		assertThat(claim("email", 10)).isEqualTo(3);
		this.now += 1;
		// What it takes from the start (a lease that ran out) leaves the cursor ahead.
		assertThat(claim("email", 10, 2)).isEqualTo(Long.MIN_VALUE);
		assertThat(claim("email", 10)).isEqualTo(3);
		// A full claim that took its limit moves the cursor back to its last.
		this.now += INTERVAL;
		assertThat(claim("email", 1, 1)).isEqualTo(Long.MIN_VALUE);
		assertThat(claim("email", 10)).isEqualTo(1);
		this.cursors.rewind("email");
		assertThat(claim("email", 10)).isEqualTo(Long.MIN_VALUE);
		claim("sms", 10, 1);
		this.cursors.rewind();
		assertThat(claim("email", 10)).isEqualTo(Long.MIN_VALUE);
		assertThat(claim("sms", 10)).isEqualTo(Long.MIN_VALUE);
	}

	/**
	 * Asks where a claim starts and reports what it took.
	 * @return where it started
	 */
	private long claim(String group, int limit, long... seqs) {
		long from = this.cursors.from(group, this.now);
		List<TopicDelivery> claimed = LongStream.of(seqs)
			.mapToObj((seq) -> new TopicDelivery(
					new TopicMessage("m" + seq, "events", "t", Map.of(), new byte[0], seq, 100), 1))
			.toList();
		this.cursors.claimed(group, limit, claimed);
		return from;
	}

}
