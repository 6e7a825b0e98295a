package dev.zmqspring.benchmarks.support;

import java.util.Map;

/**
 * The targets of the issue, as rows of the results table.
 */
public final class Targets {

	/** Variant name of hand-written JeroMQ. */
	public static final String RAW = "raw";

	/** Variant name of the starter. */
	public static final String STARTER = "starter";

	/** Variant name of Spring Integration's ZeroMQ module. */
	public static final String SI = "si";

	private Targets() {
	}

	/**
	 * A throughput row: starter at least {@code fraction} of raw, and (when
	 * {@code siFactor > 0}) at least that many times Spring Integration.
	 */
	public static ResultTable.Row throughput(String scenario, String measure, Map<String, Double> rates,
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
		return new ResultTable.Row(scenario, measure, "msg/s", false, raw, starter, si, target, met);
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
	 * The three latency rows of one REQ/REP case: p50 within raw + 5 µs, p99 within 1.25x
	 * raw, p99.9 reported.
	 */
	public static void latency(ResultTable table, String scenario, String measure,
			Map<String, Rounds.Percentiles> percentiles) {
		Rounds.Percentiles raw = percentiles.get(RAW);
		Rounds.Percentiles starter = percentiles.get(STARTER);
		table.add(new ResultTable.Row(scenario, measure + " p50", "µs", true, raw.p50(), starter.p50(), null,
				"<= raw + 5 µs", starter.p50() <= raw.p50() + 5));
		table.add(new ResultTable.Row(scenario, measure + " p99", "µs", true, raw.p99(), starter.p99(), null,
				"<= 1.25x raw", starter.p99() <= 1.25 * raw.p99()));
		table.add(new ResultTable.Row(scenario, measure + " p99.9", "µs", true, raw.p999(), starter.p999(), null, "",
				null));
	}

}
