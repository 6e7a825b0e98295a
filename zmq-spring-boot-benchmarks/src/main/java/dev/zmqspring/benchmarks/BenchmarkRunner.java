package dev.zmqspring.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import dev.zmqspring.benchmarks.scenarios.ConcurrentSendersScenario;
import dev.zmqspring.benchmarks.scenarios.FanOutScenario;
import dev.zmqspring.benchmarks.scenarios.InprocScenario;
import dev.zmqspring.benchmarks.scenarios.ObservationScenario;
import dev.zmqspring.benchmarks.scenarios.PostgreSqlDeliveryScenario;
import dev.zmqspring.benchmarks.scenarios.PushPullBytesScenario;
import dev.zmqspring.benchmarks.scenarios.PushPullJsonScenario;
import dev.zmqspring.benchmarks.scenarios.ReliableDeliveryScenario;
import dev.zmqspring.benchmarks.scenarios.ReqRepLatencyScenario;
import dev.zmqspring.benchmarks.scenarios.Scenario;
import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.MachineInfo;
import dev.zmqspring.benchmarks.support.ResultTable;

/**
 * Runs the scenarios and writes the results table to standard output and to
 * {@code target/benchmark-results.md}.
 * <p>
 * Options: {@code --quick} (one short round each: proves that every scenario works,
 * measures nothing worth reading), {@code --scenarios 1,3,6} (only those),
 * {@code --out FILE}, {@code --socket-per-thread} (the starter's PUSH endpoints of
 * scenarios 1, 5 and 6 connect with {@code socket-per-thread: true}; the REQ endpoints of
 * scenarios 3, 5 and 6 are measured both ways in every run, as configured by default and
 * with {@code socket-per-thread: false}).
 */
public final class BenchmarkRunner {

	private BenchmarkRunner() {
	}

	/** All scenarios, in order. */
	public static List<Scenario> scenarios() {
		return List.of(new PushPullBytesScenario(), new PushPullJsonScenario(), new ReqRepLatencyScenario(),
				new FanOutScenario(), new ConcurrentSendersScenario(), new InprocScenario(),
				new ReliableDeliveryScenario(), new PostgreSqlDeliveryScenario(), new ObservationScenario());
	}

	public static void main(String[] args) throws Exception {
		boolean quick = false;
		boolean socketPerThread = false;
		Set<String> only = new TreeSet<>();
		Path out = Path.of("zmq-spring-boot-benchmarks", "target", "benchmark-results.md");
		if (!Files.isDirectory(out.getParent())) {
			out = Path.of("target", "benchmark-results.md");
		}
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
				case "--quick" -> quick = true;
				case "--scenarios" -> only.addAll(Arrays.asList(args[++i].split(",")));
				case "--out" -> out = Path.of(args[++i]);
				case "--socket-per-thread" -> socketPerThread = true;
				default -> {
					System.err.println("Unknown option " + args[i] + "; use --quick, --scenarios 1,2,..., --out FILE"
							+ " or --socket-per-thread");
					System.exit(2);
				}
			}
		}
		BenchmarkSettings settings = (quick ? BenchmarkSettings.quick() : BenchmarkSettings.full())
			.withSocketPerThread(socketPerThread);
		ResultTable table = run(settings, only, (line) -> System.out.println(line));
		String report = "# zmq-spring-boot benchmark results\n\n" + MachineInfo.describe() + "\n\nSettings: " + settings
				+ "\n\n" + table.toMarkdown();
		System.out.println();
		System.out.println(report);
		writeReport(out, report);
		System.out.println("Written to " + out.toAbsolutePath());
		System.exit(0);
	}

	/**
	 * Runs the scenarios.
	 * @param only scenario numbers to run, or empty for all
	 * @param progress where to say which scenario starts and ends
	 */
	public static ResultTable run(BenchmarkSettings settings, Set<String> only,
			java.util.function.Consumer<String> progress) throws Exception {
		ResultTable table = new ResultTable();
		List<Scenario> selected = new ArrayList<>();
		for (Scenario scenario : scenarios()) {
			if (only.isEmpty() || only.contains(scenario.id())) {
				selected.add(scenario);
			}
		}
		for (Scenario scenario : selected) {
			long start = System.nanoTime();
			progress.accept("Scenario " + scenario.id() + ": " + scenario.title() + " ...");
			scenario.run(settings, table);
			progress
				.accept("Scenario " + scenario.id() + " done in " + (System.nanoTime() - start) / 1_000_000 + " ms");
		}
		return table;
	}

	private static void writeReport(Path out, String report) throws IOException {
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.writeString(out, report, StandardCharsets.UTF_8);
	}

}
