package dev.zmqspring.docs.snippets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker itself: each rule of the convention, on small files written for the test.
 */
@Timeout(30)
class SnippetCheckerTests {

	@TempDir
	Path root;

	@Test
	void blockEqualToTheTaggedRegionPassesWithTabsTurnedIntoFourSpaces() throws IOException {
		write("src/Example.java", "class Example {\n\t// tag::run[]\n\tvoid run() {\n\t\tgo();\n\t}\n\t// end::run[]\n}\n");
		assertThat(check("<!-- snippet: src/Example.java#run -->\n```java\nvoid run() {\n    go();\n}\n```\n")).isEmpty();
	}

	@Test
	void blockThatDiffersNamesTheMarkdownLineAndTheDifferingLine() throws IOException {
		write("src/Example.java", "// tag::run[]\nvoid run() {\n    go();\n}\n// end::run[]\n");
		assertThat(check("# Title\n\n<!-- snippet: src/Example.java#run -->\n```java\nvoid run() {\n    stop();\n}\n```\n"))
			.singleElement()
			.asString()
			.startsWith("doc.md:4: line 2 of the block differs from src/Example.java#run")
			.contains("source:       go();")
			.contains("markdown:     stop();");
	}

	@Test
	void blockThatStopsEarlyOrGoesOnIsRefused() throws IOException {
		write("a.yml", "# tag::x[]\na: 1\nb: 2\n# end::x[]\n");
		assertThat(check("<!-- snippet: a.yml#x -->\n```yaml\na: 1\n```\n")).singleElement()
			.asString()
			.contains("lacks the end of a.yml#x, from line 2: b: 2");
		assertThat(check("<!-- snippet: a.yml#x -->\n```yaml\na: 1\nb: 2\nc: 3\n```\n")).singleElement()
			.asString()
			.contains("has more than a.yml#x, from line 3: c: 3");
	}

	@Test
	void javaXmlYamlAndPropertiesBlocksWithoutMarkerAreRefused() {
		for (String language : List.of("java", "xml", "yaml", "yml", "properties")) {
			assertThat(check("text\n```" + language + "\nx\n```\n")).singleElement()
				.asString()
				.startsWith("doc.md:2: a " + language + " block needs a '<!-- snippet: path#tag -->' line");
		}
	}

	@Test
	void shellTextJsonAndPythonBlocksMayGoWithoutMarker() {
		assertThat(check("```shell\n./mvnw verify\n```\n```text\nx\n```\n```json\n{}\n```\n```python\nimport zmq\n```\n"))
			.isEmpty();
	}

	@Test
	void blockWithoutALanguageIsRefused() {
		assertThat(check("```\nsomething\n```\n")).singleElement().asString().contains("a code block needs a language");
	}

	@Test
	void missingFileAndMissingTagAreNamed() throws IOException {
		write("a.yml", "a: 1\n");
		assertThat(check("<!-- snippet: nowhere.yml -->\n```yaml\na: 1\n```\n")).singleElement()
			.asString()
			.isEqualTo("doc.md:2: the snippet's file nowhere.yml does not exist");
		assertThat(check("<!-- snippet: a.yml#x -->\n```yaml\na: 1\n```\n")).singleElement()
			.asString()
			.isEqualTo("doc.md:2: no region 'tag::x[]' ... 'end::x[]' in a.yml");
	}

	@Test
	void wholeFileMarkerComparesTheFileWithoutItsTagLines() throws IOException {
		write("pom.xml", "<project>\n    <!-- tag::dep[] -->\n    <dependency/>\n    <!-- end::dep[] -->\n</project>\n");
		assertThat(check("<!-- snippet: pom.xml -->\n```xml\n<project>\n    <dependency/>\n</project>\n```\n")).isEmpty();
		assertThat(check("<!-- snippet: pom.xml#dep -->\n```xml\n<dependency/>\n```\n")).isEmpty();
	}

	@Test
	void markerNotFollowedByABlockIsRefused() {
		assertThat(check("<!-- snippet: a.yml -->\n\n```text\nx\n```\n")).singleElement()
			.asString()
			.isEqualTo("doc.md:1: a snippet marker must be the line right before a fenced code block");
	}

	@Test
	void indentedBlockInAListItemIsComparedWithoutItsIndentation() throws IOException {
		write("a.yml", "# tag::x[]\nzmq:\n  io-threads: 2\n# end::x[]\n");
		assertThat(check("- item:\n\n  <!-- snippet: a.yml#x -->\n  ```yaml\n  zmq:\n    io-threads: 2\n  ```\n")).isEmpty();
	}

	private List<String> check(String markdown) {
		try {
			Path file = this.root.resolve("doc.md");
			Files.writeString(file, markdown);
			return new SnippetChecker(this.root).check(file);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
