package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.benchmarks.raw.RawReqRep;
import dev.zmqspring.benchmarks.starter.StarterReqRep;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 3: REQ/REP round trip over tcp, 64 B, back to back ("hot") and with 10 ms
 * between requests. Spring Integration's ZeroMQ module has no request/reply adapter.
 */
public final class ReqRepLatencyScenario implements Scenario {

	@Override
	public String id() {
		return "3";
	}

	@Override
	public String title() {
		return "REQ/REP latency over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (Variants<LatencyVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawReqRep("tcp://127.0.0.1:*", 64))
				.open(Targets.STARTER, () -> new StarterReqRep(64));
			Map<String, Rounds.Percentiles> hot = Rounds.latency(settings, variants.all(), settings.latencySamples(),
					0);
			Targets.latency(table, id(), "REQ/REP tcp 64 B hot", hot);
			Map<String, Rounds.Percentiles> gap = Rounds.latency(settings, variants.all(), settings.gapSamples(),
					TimeUnit.MILLISECONDS.toNanos(10));
			Targets.latency(table, id(), "REQ/REP tcp 64 B, 10 ms gap", gap);
		}
	}

}
