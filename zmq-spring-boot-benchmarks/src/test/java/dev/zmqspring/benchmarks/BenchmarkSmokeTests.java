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
		boolean springIntegrationHasThePattern = Set.of("1", "2", "4", "5").contains(scenario);
		assertThat(rows)
			.allSatisfy((row) -> assertThat(row.springIntegration() != null).as(row.measure() + " Spring Integration")
				.isEqualTo(springIntegrationHasThePattern));
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
