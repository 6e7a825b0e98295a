package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.benchmarks.raw.RawPushPull;
import dev.zmqspring.benchmarks.raw.RawReqRep;
import dev.zmqspring.benchmarks.starter.StarterInproc;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.LatencyVariant;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.RequestPath;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 6: {@code inproc://} PUSH/PULL throughput (128 B) and REQ/REP latency (64 B),
 * in one application. The latency back to back and with 10 ms between requests, each idle
 * and under the benchmark's own CPU load, for the starter as configured by default and,
 * for reference, with requests through the endpoint's thread
 * ({@code socket-per-thread=false}), and a second raw instance (the run's noise floor).
 * Spring Integration's adapters bind only tcp ports, so they cannot pair over inproc.
 */
public final class InprocScenario implements Scenario {

	private static final AtomicInteger NAMES = new AtomicInteger();

	@Override
	public String id() {
		return "6";
	}

	@Override
	public String title() {
		return "inproc PUSH/PULL and REQ/REP";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		int n = NAMES.incrementAndGet();
		try (Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawPushPull("inproc://raw-pp-" + n, MessageWork.bytes(128)))
				.open(Targets.STARTER, () -> new StarterInproc(128, settings.socketPerThread()));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			table.add(Targets.throughput(id(), "PUSH/PULL inproc 128 B", rates, 0.9, 0));
		}
		try (Variants<LatencyVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawReqRep("inproc://raw-rr-" + n, 64))
				.open(Targets.RAW_AGAIN, () -> new RawReqRep("inproc://raw-rr-again-" + n, 64))
				.open(Targets.STARTER, () -> new StarterInproc(64, RequestPath.DEFAULT))
				.open(Targets.ENDPOINT_THREAD, () -> new StarterInproc(64, RequestPath.ENDPOINT_THREAD));
			ReqRepLatencyRuns.measure(settings, table, id(), "REQ/REP inproc 64 B", variants.all());
		}
	}

}
