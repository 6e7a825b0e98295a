package dev.zmqspring.reliable.fault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The figures of one fault test: printed with the prefix {@value #PREFIX} and appended to
 * {@code target/reliability-report.txt}.
 */
final class ReliabilityReport {

	static final String PREFIX = "[reliability]";

	private static final Path FILE = Path.of(System.getProperty("basedir", "."), "target", "reliability-report.txt");

	private final String test;

	private final Map<String, Object> figures = new LinkedHashMap<>();

	ReliabilityReport(String test) {
		this.test = test;
	}

	ReliabilityReport put(String name, Object value) {
		this.figures.put(name, value);
		return this;
	}

	/** Prints the figures and appends them to the report file. */
	void publish() {
		String line = PREFIX + " " + Instant.now() + " " + this.test + ": "
				+ this.figures.entrySet()
					.stream()
					.map(entry -> entry.getKey() + "=" + entry.getValue())
					.collect(Collectors.joining(", "));
		System.out.println(line);
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
