package dev.zmqspring.benchmarks.scenarios;

import dev.zmqspring.benchmarks.support.BenchmarkSettings;
import dev.zmqspring.benchmarks.support.ResultTable;

/**
 * One scenario of the benchmark: the same work done raw, with the starter and (where it
 * has the pattern) with Spring Integration, in alternating rounds.
 */
public interface Scenario {

	/** The scenario's number, as in BENCHMARKS.md. */
	String id();

	/** What it measures, in a few words. */
	String title();

	/** Runs it and adds its rows to the table. */
	void run(BenchmarkSettings settings, ResultTable table) throws Exception;

}
