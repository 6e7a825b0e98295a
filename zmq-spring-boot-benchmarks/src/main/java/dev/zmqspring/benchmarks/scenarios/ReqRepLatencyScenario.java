package dev.zmqspring.benchmarks.scenarios;

import dev.zmqspring.benchmarks.raw.RawReqRep;
import dev.zmqspring.benchmarks.starter.StarterReqRep;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.RequestPath;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 3: REQ/REP round trip over tcp, 64 B, back to back ("hot") and with 10 ms
 * between requests, each idle and under the benchmark's own CPU load. The starter as
 * configured by default (a connecting REQ endpoint gives each calling thread a socket of
 * its own), and for reference with {@code socket-per-thread=false} (requests through the
 * endpoint's thread); a second raw instance gives the run's noise floor. Spring
 * Integration's ZeroMQ module has no request/reply adapter.
 */
public final class ReqRepLatencyScenario implements Scenario {

	@Override
	public String id() {
		return "3";
	}

	@Override
	public String title() {
		return "REQ/REP latency over tcp, idle and under CPU load";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (Variants<LatencyVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawReqRep("tcp://127.0.0.1:*", 64))
				.open(Targets.RAW_AGAIN, () -> new RawReqRep("tcp://127.0.0.1:*", 64))
				.open(Targets.STARTER, () -> new StarterReqRep(64, RequestPath.DEFAULT))
				.open(Targets.ENDPOINT_THREAD, () -> new StarterReqRep(64, RequestPath.ENDPOINT_THREAD));
			ReqRepLatencyRuns.measure(settings, table, id(), "REQ/REP tcp 64 B", variants.all());
		}
	}

}
