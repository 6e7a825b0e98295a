package dev.zmqspring.starter;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Properties;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quick start's pom (src/it/quickstart, which the README shows) names its versions
 * literally, as a user's pom does. These tests keep them equal to the versions this build
 * makes and uses, so the README cannot drift.
 */
@Timeout(30)
class QuickstartVersionsTests {

	private static final Path QUICKSTART_POM = Path.of("src/it/quickstart/pom.xml");

	private static Properties build;

	private static Document quickstart;

	@BeforeAll
	static void read() throws Exception {
		build = new Properties();
		try (InputStream in = QuickstartVersionsTests.class.getResourceAsStream("/quickstart-versions.properties")) {
			build.load(in);
		}
		quickstart = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(QUICKSTART_POM.toFile());
	}

	@Test
	void quickstartDependsOnTheStarterVersionThisBuildMakes() throws Exception {
		assertThat(xpath("/project/dependencies/dependency[artifactId='zmq-spring-boot-starter']/version"))
			.as("version of zmq-spring-boot-starter in %s", QUICKSTART_POM)
			.isEqualTo(build.getProperty("project.version"));
	}

	@Test
	void quickstartParentIsTheSpringBootVersionThisBuildUses() throws Exception {
		assertThat(xpath("/project/parent[artifactId='spring-boot-starter-parent']/version"))
			.as("version of spring-boot-starter-parent in %s", QUICKSTART_POM)
			.isEqualTo(build.getProperty("spring-boot.version"));
	}

	private static String xpath(String expression) throws Exception {
		return XPathFactory.newInstance().newXPath().evaluate(expression, quickstart).trim();
	}

}
