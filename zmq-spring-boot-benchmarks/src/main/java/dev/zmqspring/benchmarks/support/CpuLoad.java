package dev.zmqspring.benchmarks.support;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A CPU load that the benchmark makes itself, so that a measurement under load can be
 * repeated with one command: one daemon thread per available processor, each computing
 * for {@link #BUSY} and then parked for {@link #PAUSE}, about half of every CPU.
 * <p>
 * It models a machine busy with other work: its CPUs never sit idle long enough to go to
 * sleep, so waking a thread is cheap (no idle CPU, virtual or not, has to be woken
 * first), but a thread that wakes up competes for its CPU with one that is running. An
 * idle machine is the other extreme: every wake-up may first have to wake a sleeping CPU.
 * The threads stop when the load is closed; {@link #toString()} then says how much CPU
 * they actually had.
 */
public final class CpuLoad implements AutoCloseable {

	/** How long each load thread computes before it pauses. */
	public static final Duration BUSY = Duration.ofMillis(1);

	/** How long each load thread is parked between two busy periods. */
	public static final Duration PAUSE = Duration.ofMillis(1);

	/** Arithmetic steps between two looks at the clock (a few microseconds). */
	private static final int STEPS_PER_CLOCK_READ = 1_000;

	private final List<Thread> threads = new ArrayList<>();

	private final CountDownLatch started;

	private final AtomicLong cpuNanos = new AtomicLong();

	private final long startNanos;

	private long endNanos;

	private volatile boolean stopping;

	/**
	 * Where each busy period's result goes, so that the JIT cannot drop the arithmetic.
	 */
	private volatile long result;

	private CpuLoad(int threadCount) {
		this.started = new CountDownLatch(threadCount);
		this.startNanos = System.nanoTime();
		for (int i = 0; i < threadCount; i++) {
			long seed = i + 1;
			Thread thread = new Thread(() -> run(seed), "cpu-load-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
		try {
			if (!this.started.await(10, TimeUnit.SECONDS)) {
				close();
				throw new IllegalStateException("The CPU load threads did not start within 10 s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new IllegalStateException("Interrupted while starting the CPU load", ex);
		}
	}

	/** Starts a load thread on every available processor; returns once all run. */
	public static CpuLoad onEveryProcessor() {
		return new CpuLoad(Runtime.getRuntime().availableProcessors());
	}

	/** No load at all: a machine otherwise idle. */
	public static CpuLoad none() {
		return new CpuLoad(0);
	}

	/** How many load threads run. */
	public int threads() {
		return this.threads.size();
	}

	private void run(long seed) {
		this.started.countDown();
		long state = seed;
		long busyNanos = BUSY.toNanos();
		long pauseNanos = PAUSE.toNanos();
		try {
			while (!this.stopping) {
				state = compute(state, System.nanoTime() + busyNanos);
				this.result = state;
				LockSupport.parkNanos(pauseNanos);
			}
		}
		finally {
			ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
			long used = threadBean.isCurrentThreadCpuTimeSupported() ? threadBean.getCurrentThreadCpuTime() : -1;
			this.cpuNanos.accumulateAndGet(used, (sum, more) -> (sum < 0 || more < 0) ? -1 : sum + more);
		}
	}

	/**
	 * Steps a 64-bit linear congruential generator, its high bits folded into the low
	 * ones, until {@code deadline}: each step depends on the last, so none can be
	 * skipped.
	 */
	private static long compute(long state, long deadline) {
		long x = state;
		do {
			for (int i = 0; i < STEPS_PER_CLOCK_READ; i++) {
				x = x * 6364136223846793005L + 1442695040888963407L;
				x ^= x >>> 29;
			}
		}
		while (System.nanoTime() - deadline < 0);
		return x;
	}

	/** Stops the load threads and waits for them to end. */
	@Override
	public void close() {
		if (this.stopping) {
			return;
		}
		this.stopping = true;
		for (Thread thread : this.threads) {
			LockSupport.unpark(thread);
		}
		for (Thread thread : this.threads) {
			try {
				thread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.endNanos = System.nanoTime();
	}

	/**
	 * What the load was, and (once closed) the share of each CPU its threads had.
	 */
	@Override
	public String toString() {
		if (this.threads.isEmpty()) {
			return "no CPU load";
		}
		String load = this.threads.size() + " threads, each " + readable(BUSY) + " of arithmetic then "
				+ readable(PAUSE) + " parked";
		long used = this.cpuNanos.get();
		if (this.endNanos == 0 || used < 0) {
			return load;
		}
		double share = used / ((double) (this.endNanos - this.startNanos) * this.threads.size());
		return load + "; they had " + String.format(Locale.ROOT, "%.0f%%", share * 100) + " of each CPU over "
				+ String.format(Locale.ROOT, "%.1f s", (this.endNanos - this.startNanos) / 1e9);
	}

	private static String readable(Duration duration) {
		long micros = duration.toNanos() / 1_000;
		return (micros % 1_000 == 0) ? (micros / 1_000) + " ms" : micros + " µs";
	}

}
