package dev.zmqspring.benchmarks.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results of one run as a Markdown table: the raw, starter and Spring Integration
 * figures side by side, their ratios, and whether each target was met.
 */
public final class ResultTable {

	private final List<Row> rows = new ArrayList<>();

	private final List<String> notes = new ArrayList<>();

	/** Adds a row. */
	public synchronized void add(Row row) {
		this.rows.add(row);
	}

	/** Adds a line printed under the table (thread and descriptor counts, say). */
	public synchronized void note(String note) {
		this.notes.add(note);
	}

	public synchronized List<Row> rows() {
		return List.copyOf(this.rows);
	}

	/** The table, then the notes. */
	public synchronized String toMarkdown() {
		StringBuilder out = new StringBuilder();
		out.append(
				"| # | measure | raw JeroMQ | starter | Spring Integration | starter / raw | starter / SI | target | met |\n");
		out.append("|---|---|---:|---:|---:|---:|---:|---|---|\n");
		for (Row row : this.rows) {
			out.append("| ")
				.append(row.scenario())
				.append(" | ")
				.append(row.measure())
				.append(" (")
				.append(row.unit())
				.append(") | ")
				.append(format(row.raw()))
				.append(" | ")
				.append(format(row.starter()))
				.append(" | ")
				.append(format(row.springIntegration()))
				.append(" | ")
				.append(ratio(row.starter(), row.raw(), row))
				.append(" | ")
				.append(ratio(row.starter(), row.springIntegration(), row))
				.append(" | ")
				.append(row.target())
				.append(" | ")
				.append(met(row.met()))
				.append(" |\n");
		}
		for (String note : this.notes) {
			out.append('\n').append("- ").append(note);
		}
		if (!this.notes.isEmpty()) {
			out.append('\n');
		}
		return out.toString();
	}

	private static String met(Boolean met) {
		if (met == null) {
			return "";
		}
		return met ? "yes" : "**no**";
	}

	private static String format(Double value) {
		if (value == null) {
			return "-";
		}
		if (value >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		return String.format(Locale.ROOT, "%.1f", value);
	}

	private static String ratio(Double starter, Double other, Row row) {
		if (starter == null || other == null || other == 0) {
			return "-";
		}
		double ratio = starter / other;
		return row.latency() ? String.format(Locale.ROOT, "%.2fx", ratio) : (ratio < 2
				? String.format(Locale.ROOT, "%.0f%%", ratio * 100) : String.format(Locale.ROOT, "%.1fx", ratio));
	}

	/**
	 * One measured figure of one scenario.
	 *
	 * @param scenario the scenario number
	 * @param measure what was measured
	 * @param unit its unit (msg/s, µs)
	 * @param latency whether lower is better (the ratios then read as factors)
	 * @param raw hand-written JeroMQ, or {@code null}
	 * @param starter the starter, or {@code null}
	 * @param springIntegration Spring Integration's ZeroMQ module, or {@code null} where
	 * it lacks the pattern
	 * @param target the target, in words
	 * @param met whether it was met, or {@code null} where there is no target
	 */
	public record Row(String scenario, String measure, String unit, boolean latency, Double raw, Double starter,
			Double springIntegration, String target, Boolean met) {
	}

}
