package dev.zmqspring.benchmarks.scenarios;

import java.util.List;
import java.util.Map;

import dev.zmqspring.benchmarks.raw.RawPushPull;
import dev.zmqspring.benchmarks.starter.StarterPushPull;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.MessageWork;
import dev.zmqspring.benchmarks.support.ObservationRegistries;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

/**
 * Scenario 9: what observing costs. PUSH/PULL over tcp, 128 B, both ends with a headers
 * frame (which carries the trace context): not observed, observed with timers (Actuator),
 * and with timers and traces (Micrometer Tracing on OpenTelemetry, every span sampled),
 * side by side in alternating rounds, against raw JeroMQ.
 */
public final class ObservationScenario implements Scenario {

	private static final String TIMERS = "timers";

	private static final String TRACES = "traces";

	@Override
	public String id() {
		return "9";
	}

	@Override
	public String title() {
		return "what observing costs (PUSH/PULL tcp 128 B, headers frame)";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		MeterRegistry timersSent = new SimpleMeterRegistry();
		MeterRegistry timersReceived = new SimpleMeterRegistry();
		MeterRegistry tracesSent = new SimpleMeterRegistry();
		MeterRegistry tracesReceived = new SimpleMeterRegistry();
		try (Variants<ThroughputVariant> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> new RawPushPull("tcp://127.0.0.1:*", MessageWork.bytes(128)))
				.open(Targets.STARTER, () -> StarterPushPull.withHeadersFrame(128, Map.of(), Map.of()))
				.open(TIMERS,
						() -> StarterPushPull.withHeadersFrame(128, registry(ObservationRegistries.timers(timersSent)),
								registry(ObservationRegistries.timers(timersReceived))))
				.open(TRACES,
						() -> StarterPushPull.withHeadersFrame(128, registry(ObservationRegistries.traces(tracesSent)),
								registry(ObservationRegistries.traces(tracesReceived))));
			Map<String, Double> rates = Rounds.throughput(settings, variants.all());
			for (MeterRegistry meters : List.of(timersSent, tracesSent)) {
				requireObserved(meters, "zmq.send");
			}
			for (MeterRegistry meters : List.of(timersReceived, tracesReceived)) {
				requireObserved(meters, "zmq.listener");
			}
			Double raw = rates.get(Targets.RAW);
			table.add(Targets.observed(id(), "not observed", raw, rates.get(Targets.STARTER)));
			table.add(Targets.observed(id(), "observed: timers", raw, rates.get(TIMERS)));
			table.add(Targets.observed(id(), "observed: timers and traces", raw, rates.get(TRACES)));
		}
	}

	private static Map<String, Object> registry(ObservationRegistry registry) {
		return Map.of("observationRegistry", registry);
	}

	/**
	 * Fails the run when a variant that should be observed was not: its figure would mean
	 * nothing.
	 */
	private static void requireObserved(MeterRegistry meters, String timer) {
		Timer observed = meters.find(timer).timer();
		if (observed == null || observed.count() == 0) {
			throw new IllegalStateException("Scenario 9 observed nothing: no " + timer + " timer was recorded");
		}
	}

}
