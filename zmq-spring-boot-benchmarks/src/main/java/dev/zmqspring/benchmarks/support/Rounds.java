package dev.zmqspring.benchmarks.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * Runs the variants of one scenario in alternating rounds (A B C A B C ...), so that
 * background load on a shared machine hits them alike, and reports the median of the
 * rounds.
 */
public final class Rounds {

	private Rounds() {
	}

	/**
	 * Measures throughput.
	 * @return messages per second (median of rounds) by variant name
	 */
	public static Map<String, Double> throughput(BenchmarkSettings settings, Map<String, ThroughputVariant> variants)
			throws Exception {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Map.Entry<String, ThroughputVariant> entry : variants.entrySet()) {
			ThroughputVariant variant = entry.getValue();
			double rate = round(variant, settings.warmupMessages(), settings);
			// A second warm-up of about one round's length lets the JIT settle before
			// anything is measured.
			rate = round(variant, settings.messagesFor(rate), settings);
			counts.put(entry.getKey(), settings.messagesFor(rate));
		}
		Map<String, List<Double>> samples = new LinkedHashMap<>();
		for (int r = 0; r < settings.rounds(); r++) {
			for (Map.Entry<String, ThroughputVariant> entry : variants.entrySet()) {
				double rate = round(entry.getValue(), counts.get(entry.getKey()), settings);
				samples.computeIfAbsent(entry.getKey(), (k) -> new ArrayList<>()).add(rate);
			}
		}
		Map<String, Double> medians = new LinkedHashMap<>();
		samples.forEach((name, values) -> medians.put(name, median(values)));
		return medians;
	}

	private static double round(ThroughputVariant variant, int requested, BenchmarkSettings settings) throws Exception {
		int count = requested - requested % variant.deliveriesPerMessage();
		Arrivals arrivals = variant.arrivals();
		arrivals.reset(count);
		variant.send(count);
		long nanos = arrivals.await(settings.timeout());
		return count * 1e9 / nanos;
	}

	/**
	 * Measures round-trip latency, optionally with a pause between requests. The variants
	 * take turns within each round; each round starts with the next variant, and every
	 * other round takes them in reverse order, so that none always comes first or after
	 * the same one.
	 * @return percentiles in microseconds (median of rounds) by variant name
	 */
	public static Map<String, Percentiles> latency(BenchmarkSettings settings, Map<String, LatencyVariant> variants,
			int samplesPerRound, long gapNanos) throws Exception {
		for (LatencyVariant variant : variants.values()) {
			for (int i = 0; i < settings.warmupMessages() / 5; i++) {
				variant.roundTrip();
			}
		}
		List<Map.Entry<String, LatencyVariant>> order = new ArrayList<>(variants.entrySet());
		Map<String, List<Percentiles>> rounds = new LinkedHashMap<>();
		variants.keySet().forEach((name) -> rounds.put(name, new ArrayList<>()));
		for (int r = 0; r < settings.rounds(); r++) {
			for (int turn = 0; turn < order.size(); turn++) {
				int step = (r % 2 == 0) ? turn : order.size() - turn;
				Map.Entry<String, LatencyVariant> entry = order.get(Math.floorMod(r + step, order.size()));
				Histogram histogram = new Histogram(60_000_000_000L, 3);
				LatencyVariant variant = entry.getValue();
				for (int i = 0; i < samplesPerRound; i++) {
					long start = System.nanoTime();
					variant.roundTrip();
					histogram.recordValue(System.nanoTime() - start);
					if (gapNanos > 0) {
						LockSupport.parkNanos(gapNanos);
					}
				}
				rounds.get(entry.getKey()).add(Percentiles.of(histogram));
			}
		}
		Map<String, Percentiles> medians = new LinkedHashMap<>();
		rounds.forEach((name, values) -> medians.put(name, Percentiles.median(values)));
		return medians;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		sorted.sort(null);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/**
	 * Latency percentiles in microseconds.
	 *
	 * @param p50 median
	 * @param p99 99th percentile
	 * @param p999 99.9th percentile
	 */
	public record Percentiles(double p50, double p99, double p999) {

		static Percentiles of(Histogram histogram) {
			return new Percentiles(histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
					histogram.getValueAtPercentile(99.9) / 1e3);
		}

		static Percentiles median(List<Percentiles> rounds) {
			return new Percentiles(Rounds.median(rounds.stream().map(Percentiles::p50).toList()),
					Rounds.median(rounds.stream().map(Percentiles::p99).toList()),
					Rounds.median(rounds.stream().map(Percentiles::p999).toList()));
		}

	}

}
