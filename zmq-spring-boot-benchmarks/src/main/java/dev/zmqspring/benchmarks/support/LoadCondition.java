package dev.zmqspring.benchmarks.support;

/**
 * The machine's state a measurement is taken in: otherwise idle, or under the
 * {@link CpuLoad} that the benchmark makes itself. Both are measured in one run, so that
 * one command reproduces both.
 */
public enum LoadCondition {

	/**
	 * No load of the benchmark's own: the machine runs the benchmark and whatever else it
	 * runs.
	 */
	IDLE("idle"),

	/** A {@link CpuLoad} on every processor. */
	CPU_LOAD("under CPU load");

	private final String label;

	LoadCondition(String label) {
		this.label = label;
	}

	/** How a result row names the condition. */
	public String label() {
		return this.label;
	}

	/** Brings the condition about until the result is closed. */
	public CpuLoad apply() {
		return (this == CPU_LOAD) ? CpuLoad.onEveryProcessor() : CpuLoad.none();
	}

}
