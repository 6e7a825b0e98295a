package dev.zmqspring.benchmarks.support;

/**
 * Threads and file descriptors of this process before and after a sending side was set up
 * and used.
 *
 * @param threadsBefore live threads before
 * @param fdsBefore open file descriptors before
 * @param threadsAfter live threads after
 * @param fdsAfter open file descriptors after
 */
public record ResourceUse(int threadsBefore, long fdsBefore, int threadsAfter, long fdsAfter) {

	/** Counts now; call {@link #after()} on the result later. */
	public static ResourceUse before() {
		return new ResourceUse(MachineInfo.threads(), MachineInfo.fileDescriptors(), 0, 0);
	}

	/** The same "before", with the counts now as "after". */
	public ResourceUse after() {
		return new ResourceUse(this.threadsBefore, this.fdsBefore, MachineInfo.threads(),
				MachineInfo.fileDescriptors());
	}

	@Override
	public String toString() {
		return "threads " + this.threadsBefore + " -> " + this.threadsAfter + " (+"
				+ (this.threadsAfter - this.threadsBefore) + "), file descriptors " + this.fdsBefore + " -> "
				+ this.fdsAfter + " (+" + (this.fdsAfter - this.fdsBefore) + ")";
	}

}
