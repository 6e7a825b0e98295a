package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawPushPull;
import dev.zmqspring.benchmarks.si.SiPushPull;
import dev.zmqspring.benchmarks.starter.StarterPushPull;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 1: PUSH/PULL {@code byte[]} throughput over tcp loopback, 16 B, 128 B and 1
 * KiB.
 */
public final class PushPullBytesScenario implements Scenario {

	static final int[] SIZES = { 16, 128, 1024 };

	@Override
	public String id() {
		return "1";
	}

	@Override
	public String title() {
		return "PUSH/PULL byte[] over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		for (int size : SIZES) {
			try (Variants<ThroughputVariant> variants = new Variants<>()) {
				variants.open(Targets.RAW, () -> new RawPushPull("tcp://127.0.0.1:*", MessageWork.bytes(size)))
					.open(Targets.STARTER, () -> new StarterPushPull(size, settings.socketPerThread()))
					.open(Targets.SI, () -> new SiPushPull(size));
				Map<String, Double> rates = Rounds.throughput(settings, variants.all());
				table.add(Targets.throughput(id(), "PUSH/PULL tcp " + size + " B", rates, 0.9, 0));
			}
		}
	}

}
