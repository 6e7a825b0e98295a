package dev.zmqspring.benchmarks.support;

import java.time.Duration;

/**
 * How long and how often each scenario runs.
 *
 * @param rounds measured rounds per variant (the variants take turns: raw, starter,
 * Spring Integration, raw, ...)
 * @param roundSeconds target length of one throughput round, from which each variant's
 * message count follows
 * @param warmupMessages messages sent before the rounds (connection warm-up and JIT)
 * @param minMessages fewest messages of one throughput round
 * @param latencySamples round trips per latency round without a gap
 * @param gapSamples round trips per latency round with a 10 ms gap
 * @param timeout longest wait for one round
 * @param socketPerThread whether the starter's sending endpoints in scenarios 1, 5 and 6
 * (throughput) connect with {@code socket-per-thread} (option
 * {@code --socket-per-thread})
 */
public record BenchmarkSettings(int rounds, double roundSeconds, int warmupMessages, int minMessages,
		int latencySamples, int gapSamples, Duration timeout, boolean socketPerThread) {

	/** The full run: five rounds of about a second each. */
	public static BenchmarkSettings full() {
		return new BenchmarkSettings(5, 1.0, 50_000, 1_000, 20_000, 300, Duration.ofSeconds(60), false);
	}

	/** A smoke run that only proves every scenario works: one short round each. */
	public static BenchmarkSettings quick() {
		return new BenchmarkSettings(1, 0.02, 200, 100, 200, 5, Duration.ofSeconds(20), false);
	}

	/**
	 * The same settings, with the starter's senders in scenarios 1, 5 and 6 on a socket
	 * per thread or not.
	 */
	public BenchmarkSettings withSocketPerThread(boolean on) {
		return new BenchmarkSettings(this.rounds, this.roundSeconds, this.warmupMessages, this.minMessages,
				this.latencySamples, this.gapSamples, this.timeout, on);
	}

	/**
	 * Messages for one round of a variant that did {@code rate} messages a second in the
	 * warm-up.
	 */
	public int messagesFor(double rate) {
		long count = (long) (rate * this.roundSeconds);
		return (int) Math.max(this.minMessages, Math.min(count, 5_000_000));
	}

}
