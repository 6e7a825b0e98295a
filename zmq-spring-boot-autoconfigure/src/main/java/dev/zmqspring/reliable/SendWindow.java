package dev.zmqspring.reliable;

/**
 * How many messages an outbox dispatcher may have unacknowledged on the wire: grown by
 * acknowledgements and halved by losses (the additive-increase, multiplicative-decrease
 * of TCP congestion control), between 1 and {@code max-in-flight}. A receiver slower than
 * the acknowledgement timeout allows for the whole window is then sent what it can take
 * in time, instead of a flood whose tail times out and is sent again, and again.
 * <p>
 * It starts small and doubles with each window acknowledged (slow start) up to where it
 * last lost (or {@value #INITIAL}, if that is more), then grows by about one message per
 * window acknowledged. Losses with no acknowledgement since the last one (a receiver that
 * is away, probed now and then) shrink the window but not that threshold: when the
 * receiver is back, the window doubles again up to half what it was before it went away,
 * and a backlog drains at the receiver's speed instead of a window that grows by one. It
 * stops growing while acknowledgements take more than half the acknowledgement timeout
 * (the receiver's queue is that deep), and shrinks slowly while they take more than three
 * quarters of it, so that a slow receiver's queue stays short of the timeout instead of
 * overflowing it. Losses of messages sent before the last decrease do not decrease it
 * again: one burst of timeouts is one loss. Used by the dispatcher's own thread only.
 */
final class SendWindow {

	/** The window at start: a quick ramp, no flood. */
	static final int INITIAL = 32;

	private final int max;

	/** The acknowledgement timeout, in nanoseconds. */
	private final long ackTimeout;

	/** Written by the dispatcher's thread only; read by health and metrics too. */
	private volatile double size;

	private double threshold;

	/** How many messages were sent so far: the number of the next send. */
	private long sends;

	/** The number of the last send before the window last shrank. */
	private long shrunkAfter = -1;

	/** Whether a message was acknowledged since the window last shrank. */
	private boolean acknowledgedSinceShrink = true;

	/**
	 * @param max the most messages on the wire at once ({@code max-in-flight})
	 * @param ackTimeoutNanos the acknowledgement timeout, in nanoseconds
	 */
	SendWindow(int max, long ackTimeoutNanos) {
		this.max = max;
		this.ackTimeout = ackTimeoutNanos;
		this.size = Math.min(max, INITIAL);
		this.threshold = max;
	}

	/** How many messages more may go on the wire. */
	int room(int inFlight) {
		return (int) this.size - inFlight;
	}

	/**
	 * Counts a send.
	 * @return its number, for {@link #lost(long)}
	 */
	long sent() {
		return ++this.sends;
	}

	/**
	 * A message was acknowledged.
	 * @param roundTripNanos how long after its send
	 * @param full whether the window was full: a window that is not is not grown, or a
	 * light flow would open it to the maximum and the next burst would flood the receiver
	 */
	void acknowledged(long roundTripNanos, boolean full) {
		this.acknowledgedSinceShrink = true;
		if (roundTripNanos * 2 > this.ackTimeout) {
			// The receiver's queue holds half the timeout's worth already: adding to it
			// would time out the tail. Past three quarters, it gives back about one
			// message per window.
			if (roundTripNanos * 4 > this.ackTimeout * 3) {
				this.size = Math.max(1, this.size - 1 / this.size);
			}
			return;
		}
		if (full) {
			this.size = Math.min(this.max, this.size + ((this.size < this.threshold) ? 1 : 1 / this.size));
		}
	}

	/**
	 * A message was not acknowledged in time: the window halves, unless it shrank after
	 * this message was sent.
	 * @param send the number {@link #sent()} gave the message's send
	 */
	void lost(long send) {
		if (send <= this.shrunkAfter) {
			return;
		}
		this.size = Math.max(1, this.size / 2);
		if (this.acknowledgedSinceShrink) {
			// Never below the start: after a receiver was away, the window ramps up again
			// at least as at start, not one message per window.
			this.threshold = Math.max(Math.min(this.max, INITIAL), this.size);
		}
		this.acknowledgedSinceShrink = false;
		this.shrunkAfter = this.sends;
	}

	/** The window, in messages. */
	int size() {
		return (int) this.size;
	}

}
