package dev.zmqspring.docs.snippets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every code block of the README, docs/, the samples' READMEs and CONTRIBUTING.md equals the compiled, tested
 * source it is taken from (see {@link SnippetChecker} for the convention). One test per markdown file.
 */
@Timeout(60)
class DocsSnippetsTests {

	private static final Path ROOT = repositoryRoot();

	@TestFactory
	Stream<DynamicTest> everyCodeBlockEqualsItsSource() throws IOException {
		SnippetChecker checker = new SnippetChecker(ROOT);
		return markdownFiles().stream()
			.map(file -> DynamicTest.dynamicTest(ROOT.relativize(file).toString(), () -> {
				List<String> problems = checker.check(file);
				assertThat(problems).as("code blocks that do not match their sources:\n" + String.join("\n", problems))
					.isEmpty();
			}));
	}

	@Test
	void theDocumentationIsWhereTheReadmeSaysItIs() throws IOException {
		List<String> names = markdownFiles().stream().map(file -> ROOT.relativize(file).toString().replace('\\', '/')).toList();
		assertThat(names).contains("README.md", "CONTRIBUTING.md", "docs/configuration.md", "docs/receiving.md",
				"docs/sending.md", "docs/patterns.md", "docs/delivery.md", "docs/operations.md", "docs/security.md",
				"docs/wire-format.md", "docs/testing.md", "docs/threads.md", "docs/benchmarks.md", "sample-order-service/README.md",
				"sample-inventory-service/README.md");
	}

	static List<Path> markdownFiles() throws IOException {
		List<Path> files = new ArrayList<>();
		files.add(ROOT.resolve("README.md"));
		files.add(ROOT.resolve("CONTRIBUTING.md"));
		try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
			docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		try (Stream<Path> modules = Files.list(ROOT)) {
			modules.filter(path -> path.getFileName().toString().startsWith("sample-"))
				.map(path -> path.resolve("README.md"))
				.sorted()
				.forEach(files::add);
		}
		return files.stream().filter(Files::isRegularFile).toList();
	}

	/** The directory above this module: the one that holds README.md and this module. */
	private static Path repositoryRoot() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null) {
			if (Files.isRegularFile(directory.resolve("README.md")) && Files.isDirectory(directory.resolve("zmq-spring-boot-docs"))) {
				return directory;
			}
			directory = directory.getParent();
		}
		throw new IllegalStateException("Run from the repository or its zmq-spring-boot-docs module: no README.md next to "
				+ "a zmq-spring-boot-docs directory above " + Path.of("").toAbsolutePath());
	}

}
