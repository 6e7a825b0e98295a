package dev.zmqspring.benchmarks.support;

import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The targets of the issue, as rows of the results table.
 * <p>
 * Targets are for the starter's default configuration ({@link #STARTER}). A scenario may
 * measure reference variants beside it (another starter configuration,
 * {@link #ENDPOINT_THREAD}, or a second raw instance, {@link #RAW_AGAIN}): those get rows
 * of their own, with their figure in the starter column (against raw's) and no target.
 */
public final class Targets {

	/** Variant name of hand-written JeroMQ. */
	public static final String RAW = "raw";

	/** Variant name of the starter. */
	public static final String STARTER = "starter";

	/** Variant name of Spring Integration's ZeroMQ module. */
	public static final String SI = "si";

	/**
	 * Variant name of the starter with {@code socket-per-thread=false} on its REQ
	 * endpoint: requests go through the endpoint's thread. For reference, without a
	 * target.
	 */
	public static final String ENDPOINT_THREAD = "starter, endpoint thread";

	/**
	 * Variant name of a second, identical hand-written JeroMQ instance, measured in the
	 * same rounds: how far two raw instances land apart in one run (their threads, their
	 * CPUs, their connection) is the run's noise floor, against which the starter's
	 * distance from raw is read. For reference, without a target.
	 */
	public static final String RAW_AGAIN = "raw, second instance";

	private Targets() {
	}

	/**
	 * A throughput row: starter at least {@code fraction} of raw, and (when
	 * {@code siFactor > 0}) at least that many times Spring Integration.
	 */
	public static ResultTable.Row throughput(String scenario, String measure, Map<String, Double> rates,
			double fraction, double siFactor) {
		return throughput(scenario, measure, "msg/s", rates, fraction, siFactor);
	}

	private static ResultTable.Row throughput(String scenario, String measure, String unit, Map<String, Double> rates,
			double fraction, double siFactor) {
		Double raw = rates.get(RAW);
		Double starter = rates.get(STARTER);
		Double si = rates.get(SI);
		boolean met = starter != null && raw != null && starter >= fraction * raw;
		String target = ">= " + Math.round(fraction * 100) + "% of raw";
		if (siFactor > 0) {
			met = met && si != null && starter >= siFactor * si;
			target += "; >= " + Math.round(siFactor) + "x SI";
		}
		return new ResultTable.Row(scenario, measure, unit, false, raw, starter, si, target, met);
	}

	/**
	 * The rows of a request/reply throughput case: the starter at least {@code fraction}
	 * of raw, in round trips per second, then a reference row for each other starter
	 * variant.
	 */
	public static void roundTrips(ResultTable table, String scenario, String measure, Map<String, Double> rates,
			double fraction) {
		String unit = "round trips/s";
		table.add(throughput(scenario, measure, unit, rates, fraction, 0));
		rates.forEach((variant, rate) -> {
			if (isReference(variant)) {
				table.add(reference(scenario, measure, unit, false, rates.get(RAW), rate, variant));
			}
		});
	}

	/** A throughput row without a target. */
	public static ResultTable.Row measured(String scenario, String measure, Double raw, Double starter, Double si) {
		return new ResultTable.Row(scenario, measure, "msg/s", false, raw, starter, si, "(what the guarantee costs)",
				null);
	}

	/** A row of scenario 9: the starter's rate in one observation setting, beside raw. */
	public static ResultTable.Row observed(String scenario, String setting, Double raw, Double starter) {
		return new ResultTable.Row(scenario, "PUSH/PULL tcp 128 B, " + setting, "msg/s", false, raw, starter, null,
				"(what observing costs)", null);
	}

	/**
	 * The latency rows of one REQ/REP case in one condition: p50 within raw + 5 µs, p99
	 * within 1.25x raw, p99.9 reported; each followed by the same percentile of every
	 * reference variant.
	 * @param measure what was measured ("REQ/REP tcp 64 B hot")
	 * @param condition the condition it was measured in ("idle"), which ends each row's
	 * label
	 */
	public static void latency(ResultTable table, String scenario, String measure, String condition,
			Map<String, Rounds.Percentiles> percentiles) {
		Rounds.Percentiles raw = percentiles.get(RAW);
		Rounds.Percentiles starter = percentiles.get(STARTER);
		String p50 = measure + " p50, " + condition;
		table.add(new ResultTable.Row(scenario, p50, "µs", true, raw.p50(), starter.p50(), null, "<= raw + 5 µs",
				starter.p50() <= raw.p50() + 5));
		latencyReferences(table, scenario, p50, percentiles, Rounds.Percentiles::p50);
		String p99 = measure + " p99, " + condition;
		table.add(new ResultTable.Row(scenario, p99, "µs", true, raw.p99(), starter.p99(), null, "<= 1.25x raw",
				starter.p99() <= 1.25 * raw.p99()));
		latencyReferences(table, scenario, p99, percentiles, Rounds.Percentiles::p99);
		String p999 = measure + " p99.9, " + condition;
		table.add(new ResultTable.Row(scenario, p999, "µs", true, raw.p999(), starter.p999(), null, "", null));
		latencyReferences(table, scenario, p999, percentiles, Rounds.Percentiles::p999);
	}

	private static void latencyReferences(ResultTable table, String scenario, String measure,
			Map<String, Rounds.Percentiles> percentiles, ToDoubleFunction<Rounds.Percentiles> percentile) {
		double raw = percentile.applyAsDouble(percentiles.get(RAW));
		percentiles.forEach((variant, values) -> {
			if (isReference(variant)) {
				table.add(reference(scenario, measure, "µs", true, raw, percentile.applyAsDouble(values), variant));
			}
		});
	}

	private static boolean isReference(String variant) {
		return !variant.equals(RAW) && !variant.equals(STARTER) && !variant.equals(SI);
	}

	/**
	 * A row of a reference variant measured beside the starter's default: its figure in
	 * the starter column, its name after the measure, no target.
	 */
	private static ResultTable.Row reference(String scenario, String measure, String unit, boolean latency, Double raw,
			double value, String variant) {
		String why = switch (variant) {
			case ENDPOINT_THREAD -> "(reference: socket-per-thread=false)";
			case RAW_AGAIN -> "(reference: raw against raw, the noise floor)";
			default -> "(reference)";
		};
		return new ResultTable.Row(scenario, measure + ": " + variant, unit, latency, raw, value, null, why, null);
	}

}
