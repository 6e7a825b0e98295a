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
import tools.jackson.databind.json.JsonMapper;

/**
 * Scenario 2: PUSH/PULL of a six-field record as JSON (about 120 B) over tcp.
 */
public final class PushPullJsonScenario implements Scenario {

	@Override
	public String id() {
		return "2";
	}

	@Override
	public String title() {
		return "PUSH/PULL JSON over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		JsonMapper mapper = JsonMapper.builder().build();
		try (Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawPushPull("tcp://127.0.0.1:*", MessageWork.json(mapper)))
				.open(Targets.STARTER, () -> new StarterPushPull(0))
				.open(Targets.SI, () -> new SiPushPull(0));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			table.add(Targets.throughput(id(), "PUSH/PULL tcp JSON record", rates, 0.9, 5));
		}
	}

}
