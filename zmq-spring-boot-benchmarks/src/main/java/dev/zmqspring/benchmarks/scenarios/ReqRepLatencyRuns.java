package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.CpuLoad;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.LoadCondition;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;

/**
 * The REQ/REP latency cases of scenarios 3 and 6: back to back ("hot") and with 10 ms
 * between requests, each first on the otherwise idle machine and then under the
 * benchmark's own {@link CpuLoad}, the variants in alternating rounds within each. Each
 * row names its case and condition.
 */
final class ReqRepLatencyRuns {

	static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private ReqRepLatencyRuns() {
	}

	/**
	 * Measures every case in every condition and adds their rows.
	 * @param measure what is measured, without the case ("REQ/REP tcp 64 B")
	 * @param variants raw, starter and the reference variants, already open
	 */
	static void measure(BenchmarkSettings settings, ResultTable table, String scenario, String measure,
			Map<String, LatencyVariant> variants) throws Exception {
		for (LoadCondition condition : LoadCondition.values()) {
			CpuLoad load = condition.apply();
			try (load) {
				Map<String, Rounds.Percentiles> hot = Rounds.latency(settings, variants, settings.latencySamples(), 0);
				Targets.latency(table, scenario, measure + " hot", condition.label(), hot);
				Map<String, Rounds.Percentiles> gap = Rounds.latency(settings, variants, settings.gapSamples(),
						GAP_NANOS);
				Targets.latency(table, scenario, measure + ", 10 ms gap", condition.label(), gap);
			}
			if (load.threads() > 0) {
				table.note("Scenario " + scenario + " " + measure + ", " + condition.label() + ": " + load + ".");
			}
		}
	}

}
