package dev.zmqspring.benchmarks.scenarios;

import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawPushPull;
import dev.zmqspring.benchmarks.starter.StarterDurableTopic;
import dev.zmqspring.benchmarks.starter.StarterPushPull;
import dev.zmqspring.benchmarks.starter.StarterReliable;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 7: what at-least-once costs. Plain PUSH/PULL (raw and starter) against the
 * starter's at-least-once delivery (H2 outbox, acknowledgements, idempotent listener) and
 * a durable topic with two idempotent groups, 128 B over tcp.
 */
public final class ReliableDeliveryScenario implements Scenario {

	static final String RELIABLE = "reliable";

	static final String DURABLE = "durable";

	@Override
	public String id() {
		return "7";
	}

	@Override
	public String title() {
		return "at-least-once with H2 outbox and idempotent listener";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawPushPull("tcp://127.0.0.1:*", MessageWork.bytes(128)))
				.open(Targets.STARTER, () -> new StarterPushPull(128))
				.open(RELIABLE, () -> new StarterReliable(128))
				.open(DURABLE, () -> new StarterDurableTopic(128));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			table.add(Targets.measured(id(), "PUSH/PULL tcp 128 B, at-most-once", rates.get(Targets.RAW),
					rates.get(Targets.STARTER), null));
			table.add(Targets.measured(id(), "at-least-once + idempotent, H2 (starter column)", rates.get(Targets.RAW),
					rates.get(RELIABLE), null));
			table.add(Targets.measured(id(), "durable topic, 2 idempotent groups, H2 (starter column)",
					rates.get(Targets.RAW), rates.get(DURABLE), null));
		}
	}

}
