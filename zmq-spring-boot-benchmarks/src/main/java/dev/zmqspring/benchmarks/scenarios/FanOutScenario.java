package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawFanOut;
import dev.zmqspring.benchmarks.si.SiFanOut;
import dev.zmqspring.benchmarks.starter.StarterFanOut;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.SocketOptions;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 4: PUB/SUB fan-out to four subscribing listeners, 256 B, nothing lost
 * (high-water marks raised above a round's message count). Reported as deliveries per
 * second (messages x subscribers).
 */
public final class FanOutScenario implements Scenario {

	static final int SUBSCRIBERS = 4;

	static final int HIGH_WATER_MARK = 2_000_000;

	@Override
	public String id() {
		return "4";
	}

	@Override
	public String title() {
		return "PUB/SUB fan-out to 4 subscribers over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		SocketOptions options = SocketOptions.withHighWaterMark(HIGH_WATER_MARK);
		try (Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawFanOut(SUBSCRIBERS, 256, options))
				.open(Targets.STARTER, () -> new StarterFanOut(256, HIGH_WATER_MARK))
				.open(Targets.SI, () -> new SiFanOut(SUBSCRIBERS, 256, options));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			table.add(Targets.throughput(id(), "PUB/SUB tcp 256 B to 4 (deliveries)", rates, 0.9, 0));
		}
	}

}
