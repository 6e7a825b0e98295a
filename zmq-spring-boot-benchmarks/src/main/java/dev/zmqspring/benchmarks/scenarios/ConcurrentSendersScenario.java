package dev.zmqspring.benchmarks.scenarios;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.RequestPath;
import dev.zmqspring.benchmarks.support.ResultTable;
import dev.zmqspring.benchmarks.support.Rounds;
import dev.zmqspring.benchmarks.support.Targets;
import dev.zmqspring.benchmarks.support.ThroughputVariant;
import dev.zmqspring.benchmarks.support.Variants;

/**
 * Scenario 5: eight application threads over tcp through one endpoint against a raw
 * socket per thread. One way, sending 128 B (starter: one {@code ZmqTemplate} endpoint;
 * Spring Integration: one outbound adapter); and request/reply, 64 B round trips to a raw
 * ROUTER that echoes (starter: one REQ endpoint as configured by default, which gives
 * each calling thread a socket of its own up to {@code socket-per-thread-max}, 8; and for
 * reference with {@code socket-per-thread=false}, through the endpoint's thread).
 */
public final class ConcurrentSendersScenario implements Scenario {

	static final int THREADS = 8;

	@Override
	public String id() {
		return "5";
	}

	@Override
	public String title() {
		return "8 application threads sending, and requesting, over tcp";
	}

	@Override
	public void run(BenchmarkSettings settings, ResultTable table) throws Exception {
		sending(settings, table);
		requesting(settings, table);
	}

	private void sending(BenchmarkSettings settings, ResultTable table) throws Exception {
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

	private void requesting(BenchmarkSettings settings, ResultTable table) throws Exception {
		try (Variants<ConcurrentRequesters> variants = new Variants<>()) {
			variants.open(Targets.RAW, () -> ConcurrentRequesters.raw(THREADS, 64))
				.open(Targets.STARTER, () -> ConcurrentRequesters.starter(THREADS, 64, RequestPath.DEFAULT))
				.open(Targets.ENDPOINT_THREAD,
						() -> ConcurrentRequesters.starter(THREADS, 64, RequestPath.ENDPOINT_THREAD));
			Map<String, Double> rates = Rounds.throughput(settings,
					new LinkedHashMap<String, ThroughputVariant>(variants.all()));
			Targets.roundTrips(table, id(), "8 threads, REQ tcp 64 B", rates, 0.8);
			table.note("Scenario 5, requesting side: raw (a REQ socket per thread): "
					+ variants.all().get(Targets.RAW).resources() + "; starter (one endpoint, default configuration): "
					+ variants.all().get(Targets.STARTER).resources() + "; starter (one endpoint, through its thread): "
					+ variants.all().get(Targets.ENDPOINT_THREAD).resources() + ".");
		}
	}

}
