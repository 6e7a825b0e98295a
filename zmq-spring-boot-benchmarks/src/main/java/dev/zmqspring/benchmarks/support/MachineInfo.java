package dev.zmqspring.benchmarks.support;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine and JVM a run was made on, and the process's threads and open file
 * descriptors.
 */
public final class MachineInfo {

	private MachineInfo() {
	}

	/** CPUs, CPU model, memory and JDK, one line each. */
	public static String describe() {
		Runtime runtime = Runtime.getRuntime();
		return "- CPUs: " + runtime.availableProcessors() + " (" + cpuModel() + ")\n- Memory: " + memory() + "\n- JDK: "
				+ System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + ", max heap "
				+ runtime.maxMemory() / (1024 * 1024) + " MiB";
	}

	private static String cpuModel() {
		return firstValue(Path.of("/proc/cpuinfo"), "model name");
	}

	private static String memory() {
		return firstValue(Path.of("/proc/meminfo"), "MemTotal");
	}

	private static String firstValue(Path file, String key) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (String line : lines) {
				if (line.startsWith(key)) {
					return line.substring(line.indexOf(':') + 1).trim();
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux: say so rather than fail.
		}
		return "unknown";
	}

	/** Live threads of this JVM. */
	public static int threads() {
		return ManagementFactory.getThreadMXBean().getThreadCount();
	}

	/**
	 * Open file descriptors of this process (Linux), or -1 where they cannot be counted.
	 */
	public static long fileDescriptors() {
		try (var entries = Files.list(Path.of("/proc/self/fd"))) {
			return entries.count();
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
