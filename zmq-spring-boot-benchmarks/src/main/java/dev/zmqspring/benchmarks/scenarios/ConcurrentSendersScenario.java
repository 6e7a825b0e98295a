package dev.zmqspring.benchmarks.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 5: eight application threads sending 128 B over tcp through one endpoint
 * (starter: one {@code ZmqTemplate} endpoint; Spring Integration: one outbound adapter)
 * against a raw socket per thread.
 */
public final class ConcurrentSendersScenario implements Scenario {

	static final int THREADS = 8;

	@Override
	public String id() {
		return "5";
	}

	@Override
	public String title() {
		return "8 application threads sending over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (Variants<ConcurrentSenders> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> ConcurrentSenders.raw(THREADS, 128))
				.open(Targets.STARTER, () -> ConcurrentSenders.starter(THREADS, 128, settings.socketPerThread()))
				.open(Targets.SI, () -> ConcurrentSenders.springIntegration(THREADS, 128));
			Map<String, Double> rates = Rounds.throughput(settings,
					new LinkedHashMap<String, ThroughputVariant>(variants.all()));
			table.add(Targets.throughput(id(), "8 threads, PUSH tcp 128 B", rates, 0.8, 0));
			table.note("Scenario 5, sending side: raw (a socket per thread): "
					+ variants.all().get(Targets.RAW).resources() + "; starter (one endpoint"
					+ (settings.socketPerThread() ? ", a socket per thread" : "") + "): "
					+ variants.all().get(Targets.STARTER).resources() + "; Spring Integration (one adapter): "
					+ variants.all().get(Targets.SI).resources() + ".");
		}
	}

}
