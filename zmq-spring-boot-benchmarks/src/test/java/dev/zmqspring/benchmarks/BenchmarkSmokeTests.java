package dev.zmqspring.benchmarks;

import java.util.List;
import java.util.Set;

import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.LocalPostgreSql;
import dev.zmqspring.benchmarks.support.ResultTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every scenario once with tiny counts, so that the benchmarks keep compiling and
 * working. Asserts only that the messages arrived (a round that misses one fails with the
 * count it got), never a timing.
 */
@Timeout(60)
class BenchmarkSmokeTests {

	@ParameterizedTest(name = "scenario {0}")
	@ValueSource(strings = { "1", "2", "3", "4", "5", "6", "7", "9" })
	void everyVariantOfTheScenarioDeliversAllItsMessages(String scenario) throws Exception {
		ResultTable table = BenchmarkRunner.run(BenchmarkSettings.quick(), Set.of(scenario), (line) -> {
		});
		List<ResultTable.Row> rows = table.rows();
		assertThat(rows).isNotEmpty();
		for (ResultTable.Row row : rows) {
			assertThat(row.scenario()).isEqualTo(scenario);
			// Each figure exists only if every message of its rounds arrived (or every
			// request got its reply).
			assertThat(row.raw()).as(row.measure() + " raw").isPositive();
			assertThat(row.starter()).as(row.measure() + " starter").isPositive();
		}
		// Spring Integration has no request/reply adapter.
		assertThat(rows)
			.allSatisfy((row) -> assertThat(row.springIntegration() != null).as(row.measure() + " Spring Integration")
				.isEqualTo(Set.of("1", "2", "4", "5").contains(scenario) && !row.measure().contains("REQ")));
		assertThat(rows).extracting(ResultTable.Row::measure).containsAll(requestReplyRows(scenario));
	}

	/**
	 * Some of the request/reply rows a scenario must have: each latency case idle and
	 * under CPU load, and the starter through the endpoint's thread beside its default.
	 */
	private static List<String> requestReplyRows(String scenario) {
		return switch (scenario) {
			case "3" -> latencyRows("REQ/REP tcp 64 B");
			case "6" -> latencyRows("REQ/REP inproc 64 B");
			case "5" -> List.of("8 threads, REQ tcp 64 B", "8 threads, REQ tcp 64 B: starter, endpoint thread");
			default -> List.of();
		};
	}

	private static List<String> latencyRows(String measure) {
		return List.of(measure + " hot p50, idle", measure + " hot p99, under CPU load",
				measure + ", 10 ms gap p50, idle", measure + ", 10 ms gap p99, under CPU load",
				measure + " hot p50, idle: starter, endpoint thread",
				measure + ", 10 ms gap p99.9, under CPU load: starter, endpoint thread",
				measure + ", 10 ms gap p50, under CPU load: raw, second instance");
	}

	/**
	 * Scenario 8 starts a PostgreSQL server of its own: skipped where PostgreSQL is not
	 * installed, except in CI ({@code CI=true}), which installs it.
	 */
	@Test
	void thePostgreSqlScenarioDeliversAllItsMessages() throws Exception {
		if (!"true".equals(System.getenv("CI"))) {
			assumeTrue(LocalPostgreSql.findBinaries() != null, "PostgreSQL is not installed");
		}
		ResultTable table = BenchmarkRunner.run(BenchmarkSettings.quick(), Set.of("8"), (line) -> {
		});
		// Two rates against the database alone, then for each variant its redeliveries
		// and the drain of a backlog stored while its receiver was stopped.
		List<ResultTable.Row> rows = table.rows();
		assertThat(rows).hasSize(8);
		assertThat(rows.subList(0, 2)).allSatisfy((row) -> {
			assertThat(row.raw()).as(row.measure() + " raw").isPositive();
			assertThat(row.starter()).as(row.measure() + " starter").isPositive();
		});
		assertThat(rows).allSatisfy((row) -> assertThat(row.starter()).as(row.measure()).isNotNegative());
		assertThat(rows).filteredOn((row) -> row.measure().endsWith("drained"))
			.hasSize(2)
			.allSatisfy((row) -> assertThat(row.starter()).as(row.measure()).isPositive());
	}

	@ParameterizedTest(name = "scenario {0}")
	@ValueSource(strings = { "1", "5", "6" })
	void theStartersSocketPerThreadVariantDeliversAllItsMessages(String scenario) throws Exception {
		ResultTable table = BenchmarkRunner.run(BenchmarkSettings.quick().withSocketPerThread(true), Set.of(scenario),
				(line) -> {
				});
		assertThat(table.rows()).isNotEmpty().allSatisfy((row) -> {
			assertThat(row.raw()).as(row.measure() + " raw").isPositive();
			assertThat(row.starter()).as(row.measure() + " starter").isPositive();
		});
	}

}
