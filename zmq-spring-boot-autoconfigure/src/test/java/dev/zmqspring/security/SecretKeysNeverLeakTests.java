package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.testsupport.ActuatorClient;
import dev.zmqspring.testsupport.StartupFailures;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.zeromq.ZMQ;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * No secret key shows anywhere an operator or a log collector looks: not in Actuator's
 * {@code env} (also with {@code show-values=always}), {@code configprops}, {@code zmq},
 * {@code health}, {@code metrics}, {@code beans} or {@code conditions}, and not in the
 * log of startup, a refused client, a failed startup or shutdown. Keys are configured the
 * three supported ways, on servers and on clients: Z85 text in a configuration file, a
 * {@code file:} certificate, and a {@code ${...}} placeholder taking the key from an
 * environment variable. Public keys may show.
 */
@Timeout(60)
@ExtendWith(OutputCaptureExtension.class)
class SecretKeysNeverLeakTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private static final List<String> ACTUATOR_PATHS = List.of("/env", "/configprops", "/configprops/zmq.security",
			"/zmq", "/health", "/beans", "/conditions", "/metrics");

	private final ZMQ.Curve.KeyPair inlineServer = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair fileServer = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair envServer = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair inlineClient = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair fileClient = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair envClient = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair stranger = ZmqKeyGenerator.generate();

	@TempDir
	Path dir;

	@ParameterizedTest(name = "show-values={0}")
	@ValueSource(strings = { "never", "always" })
	void noSecretKeyShowsInActuatorOrLogFromStartupThroughARefusedClientToShutdown(String showValues,
			CapturedOutput output) throws IOException {
		Map<String, ActuatorClient.Response> seen = new LinkedHashMap<>();
		Map<String, String> addresses = new LinkedHashMap<>();
		try (ConfigurableApplicationContext server = serverApp(showValues)) {
			ZmqListenerEndpointRegistry listeners = server.getBean(ZmqListenerEndpointRegistry.class);
			for (String name : List.of("inline", "file", "env")) {
				addresses.put(name, listeners.getListenerContainer(name + "-in").getAddresses().get(0));
			}
			try (ConfigurableApplicationContext client = clientApp(showValues, addresses)) {
				// Every key pair is really in use: each client endpoint reaches its
				// server endpoint.
				ZmqTemplate template = client.getBean(ZmqTemplate.class);
				Inboxes inboxes = server.getBean(Inboxes.class);
				for (String name : List.of("inline", "file", "env")) {
					template.convertAndSend(name + "-out", "over " + name);
				}
				await().atMost(WAIT)
					.untilAsserted(() -> assertThat(inboxes.received).contains("over inline", "over file", "over env"));
				try (CurveClients strangers = new CurveClients()) {
					// Refused by the ZAP step (unknown client key) and by the handshake
					// (wrong server key). A fresh
					// pair of strangers every few seconds until the server has logged
					// both: JeroMQ 0.6.0 can stall a
					// connection after its greeting, and then stops its handshake timer,
					// so that one never ends.
					String unknownKey = "Endpoint 'inline-in' refused a client from 127.0.0.1: its public key "
							+ this.stranger.publicKey;
					String wrongServerKey = "Endpoint 'env-in' dropped a connection from 127.0.0.1: the peer failed"
							+ " the CURVE handshake";
					await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(3)).until(() -> {
						String all = output.getAll();
						if (!all.contains(unknownKey)) {
							strangers.curve(addresses.get("inline"), this.stranger, this.inlineServer.publicKey);
						}
						if (!all.contains(wrongServerKey)) {
							strangers.curve(addresses.get("env"), this.inlineClient, this.stranger.publicKey);
						}
						return all.contains(unknownKey) && all.contains(wrongServerKey);
					});
				}
				fetchActuator("server", server, seen);
				fetchActuator("client", client, seen);
			}
		}
		seen.forEach(
				(request, response) -> assertNoSecret(request, response.text() + "\n" + decodedText(response.body())));
		assertNoSecret("the log", output.getAll());
		JsonNode serverEnv = seen.get("server /env").body();
		if (showValues.equals("always")) {
			// Values do show, so the masking below is the sanitizer's work, not the
			// default hiding of all values.
			assertThat(property(serverEnv, "zmq.security.endpoints.inline-in.public-key"))
				.isEqualTo(this.inlineServer.publicKey);
			assertThat(property(serverEnv, "zmq.security.endpoints.inline-in.secret-key")).isEqualTo("******");
			assertThat(property(serverEnv, "zmq.security.endpoints.file-in.secret-key")).isEqualTo("******");
			assertThat(property(serverEnv, "zmq.security.endpoints.env-in.secret-key")).isEqualTo("******");
			assertThat(property(serverEnv, "ZMQ_TEST_ENV_IN_SECRET_KEY")).isEqualTo("******");
			assertThat(property(seen.get("client /env").body(), "ZMQ_TEST_ENV_OUT_SECRET_KEY")).isEqualTo("******");
			assertThat(seen.get("server /configprops/zmq.security").text()).contains(this.inlineServer.publicKey);
		}
		else {
			assertThat(property(serverEnv, "zmq.security.endpoints.inline-in.secret-key")).isEqualTo("******");
			assertThat(property(serverEnv, "zmq.security.endpoints.inline-in.public-key")).isEqualTo("******");
		}
		assertThat(seen.get("server /zmq").text()).contains("inline-in", "file-in", "env-in");
		assertThat(seen.get("client /metrics/zmq.messages.sent").text()).contains("inline-out");
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "truncated inline", "not Z85", "truncated in file", "truncated in environment", "swapped",
			"from another pair" })
	void badKeyConfigurationFailsStartupWithoutShowingTheKey(String mistake, CapturedOutput output) throws IOException {
		ZMQ.Curve.KeyPair pair = this.inlineServer;
		String truncated = pair.secretKey.substring(0, 39);
		Path certificate = this.dir.resolve("bad.key_secret");
		Files.writeString(certificate, "public-key = \"" + pair.publicKey + "\"\nsecret-key = \"" + truncated + "\"\n");
		Map<String, Object> environment = new LinkedHashMap<>();
		environment.put("ZMQ_TEST_BAD_SECRET_KEY", truncated);
		String publicKey = mistake.equals("swapped") ? pair.secretKey : pair.publicKey;
		String secretKey = switch (mistake) {
			case "truncated inline" -> truncated;
			case "not Z85" -> truncated + "~";
			case "truncated in file" -> "file:" + certificate;
			case "truncated in environment" -> "${ZMQ_TEST_BAD_SECRET_KEY}";
			case "swapped" -> pair.publicKey;
			default -> this.stranger.secretKey;
		};
		String expected = switch (mistake) {
			case "truncated inline", "truncated in environment" ->
				"zmq.security.endpoints.inline-in.secret-key is not a CURVE key";
			case "not Z85" -> "zmq.security.endpoints.inline-in.secret-key is not a CURVE key: its 40 characters are"
					+ " not valid Z85 text";
			case "truncated in file" -> "zmq.security.endpoints.inline-in.secret-key (file " + certificate + ")";
			default -> "are not one key pair";
		};
		SpringApplicationBuilder app = new SpringApplicationBuilder(ServerApp.class).web(WebApplicationType.NONE)
			.properties(Map.of("zmq.endpoints.inline-in.type", "PULL", "zmq.endpoints.inline-in.bind",
					"tcp://127.0.0.1:*", "zmq.endpoints.file-in.type", "PULL", "zmq.endpoints.file-in.bind",
					"inproc://leak-bad-file", "zmq.endpoints.env-in.type", "PULL", "zmq.endpoints.env-in.bind",
					"inproc://leak-bad-env", "logging.level.dev.zmqspring", "TRACE"))
			.initializers(context -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("test-environment", environment)));
		assertThatException()
			.isThrownBy(() -> app.run("--zmq.security.endpoints.inline-in.public-key=" + publicKey,
					"--zmq.security.endpoints.inline-in.secret-key=" + secretKey,
					"--zmq.security.endpoints.inline-in.allowed-client-keys=" + this.inlineClient.publicKey))
			.satisfies(failure -> {
				String messages = String.join("\n", StartupFailures.messages(failure));
				assertThat(messages).contains(expected);
				assertNoSecret("the failure", messages, pair, truncated, truncated + "~");
			});
		// What the application printed while failing: Spring Boot's report and stack
		// trace.
		assertThat(output.getAll()).contains(expected);
		assertNoSecret("the log", output.getAll(), pair, truncated, truncated + "~");
	}

	private ConfigurableApplicationContext serverApp(String showValues) throws IOException {
		Path certificate = certificate("server.key_secret", this.fileServer);
		Path config = this.dir.resolve("server.yml");
		Files.writeString(config,
				"""
						zmq:
						  endpoints:
						    inline-in: { type: PULL, bind: "tcp://127.0.0.1:*" }
						    file-in: { type: PULL, bind: "tcp://127.0.0.1:*" }
						    env-in: { type: PULL, bind: "tcp://127.0.0.1:*" }
						  security:
						    endpoints:
						      inline-in:
						        public-key: "%s"
						        secret-key: "%s"
						        allowed-client-keys: ["%s"]
						      file-in:
						        public-key: "file:%s"
						        secret-key: "file:%s"
						        allowed-client-keys: ["%s"]
						      env-in:
						        public-key: "%s"
						        secret-key: "${ZMQ_TEST_ENV_IN_SECRET_KEY}"
						        allowed-client-keys: ["%s"]
						""".formatted(this.inlineServer.publicKey, this.inlineServer.secretKey,
						this.inlineClient.publicKey, certificate, certificate, this.fileClient.publicKey,
						this.envServer.publicKey, this.envClient.publicKey));
		return start(ServerApp.class, config, showValues,
				Map.of("ZMQ_TEST_ENV_IN_SECRET_KEY", this.envServer.secretKey));
	}

	private ConfigurableApplicationContext clientApp(String showValues, Map<String, String> addresses)
			throws IOException {
		Path certificate = certificate("client.key_secret", this.fileClient);
		Path config = this.dir.resolve("client.yml");
		Files.writeString(config, """
				zmq:
				  endpoints:
				    inline-out: { type: PUSH, connect: "%s" }
				    file-out: { type: PUSH, connect: "%s" }
				    env-out: { type: PUSH, connect: "%s" }
				  security:
				    endpoints:
				      inline-out:
				        public-key: "%s"
				        secret-key: "%s"
				        server-key: "%s"
				      file-out:
				        public-key: "file:%s"
				        secret-key: "file:%s"
				        server-key: "%s"
				      env-out:
				        public-key: "%s"
				        secret-key: "${ZMQ_TEST_ENV_OUT_SECRET_KEY}"
				        server-key: "%s"
				""".formatted(addresses.get("inline"), addresses.get("file"), addresses.get("env"),
				this.inlineClient.publicKey, this.inlineClient.secretKey, this.inlineServer.publicKey, certificate,
				certificate, this.fileServer.publicKey, this.envClient.publicKey, this.envServer.publicKey));
		return start(ClientApp.class, config, showValues,
				Map.of("ZMQ_TEST_ENV_OUT_SECRET_KEY", this.envClient.secretKey));
	}

	private Path certificate(String name, ZMQ.Curve.KeyPair pair) throws IOException {
		return Files.writeString(this.dir.resolve(name),
				"public-key = \"" + pair.publicKey + "\"\nsecret-key = \"" + pair.secretKey + "\"\n");
	}

	private static ConfigurableApplicationContext start(Class<?> application, Path config, String showValues,
			Map<String, Object> environment) {
		return new SpringApplicationBuilder(application)
			.properties(Map.of("server.port", "0", "spring.config.additional-location", "file:" + config,
					"management.endpoints.web.exposure.include", "env,configprops,zmq,health,metrics,beans,conditions",
					"management.endpoint.env.show-values", showValues, "management.endpoint.configprops.show-values",
					showValues, "management.endpoint.health.show-details", "always", "zmq.shutdown-timeout", "2s",
					"logging.level.dev.zmqspring", "TRACE"))
			// As the operating system's environment would hold it: another property
			// source than the file's.
			.initializers(context -> context.getEnvironment()
				.getPropertySources()
				.addLast(new SystemEnvironmentPropertySource("test-environment", environment)))
			.run();
	}

	private static void fetchActuator(String app, ConfigurableApplicationContext context,
			Map<String, ActuatorClient.Response> seen) {
		ActuatorClient actuator = new ActuatorClient(
				Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
		List<String> paths = new ArrayList<>(ACTUATOR_PATHS);
		String direction = app.equals("server") ? "in" : "out";
		for (String name : List.of("inline", "file", "env")) {
			paths.add("/env/zmq.security.endpoints." + name + "-" + direction + ".secret-key");
		}
		paths.add("/env/ZMQ_TEST_ENV_" + direction.toUpperCase(Locale.ROOT) + "_SECRET_KEY");
		JsonNode names = actuator.json("/metrics").path("names");
		names.valueStream().map(JsonNode::asString).forEach(name -> paths.add("/metrics/" + name));
		for (String path : paths) {
			ActuatorClient.Response response = actuator.get(path);
			assertThat(response.status()).as("GET %s of the %s: %s", path, app, response.text()).isEqualTo(200);
			seen.put(app + " " + path, response);
		}
	}

	/**
	 * Every field name and text value of a JSON document, unescaped, so that no escaping
	 * hides a key.
	 */
	private static String decodedText(JsonNode node) {
		StringBuilder text = new StringBuilder();
		collect(node, text);
		return text.toString();
	}

	private static void collect(JsonNode node, StringBuilder text) {
		if (node == null) {
			return;
		}
		if (node.isString()) {
			text.append(node.asString()).append('\n');
		}
		node.properties().forEach(entry -> {
			text.append(entry.getKey()).append('\n');
			collect(entry.getValue(), text);
		});
		if (node.isArray()) {
			node.values().forEach(element -> collect(element, text));
		}
	}

	/**
	 * The value the env endpoint shows for a property, in whichever property source holds
	 * it.
	 */
	private static String property(JsonNode env, String name) {
		for (JsonNode source : env.path("propertySources")) {
			JsonNode property = source.path("properties").path(name);
			if (!property.isMissingNode()) {
				return property.path("value").asString();
			}
		}
		throw new AssertionError(name + " is in no property source of " + env);
	}

	private void assertNoSecret(String where, String text) {
		assertNoSecret(where, text, this.inlineServer, this.fileServer, this.envServer, this.inlineClient,
				this.fileClient, this.envClient, this.stranger);
	}

	private static void assertNoSecret(String where, String text, Object... secrets) {
		for (Object secret : secrets) {
			for (String form : forms(secret)) {
				assertThat(text).as("a secret key (as %s) in %s", form.length() + " characters", where)
					.doesNotContain(form);
			}
		}
	}

	/**
	 * A secret key as Z85 text, hex (either case), Base64 and Java's byte array notation;
	 * other text as is.
	 */
	private static List<String> forms(Object secret) {
		if (!(secret instanceof ZMQ.Curve.KeyPair pair)) {
			return List.of((String) secret);
		}
		byte[] bytes = ZMQ.Curve.z85Decode(pair.secretKey);
		String hex = HexFormat.of().formatHex(bytes);
		return List.of(pair.secretKey, hex, hex.toUpperCase(Locale.ROOT), Base64.getEncoder().encodeToString(bytes),
				Arrays.toString(bytes));
	}

	/** Three server endpoints, one per way of configuring a secret key. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class ServerApp {

		@Bean
		Inboxes inboxes() {
			return new Inboxes();
		}

	}

	/** Three client endpoints, one per way of configuring a secret key. */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
	static class ClientApp {

	}

	static class Inboxes {

		final List<String> received = new CopyOnWriteArrayList<>();

		@ZmqListener(id = "inline-in", endpoint = "inline-in")
		void inline(String text) {
			this.received.add(text);
		}

		@ZmqListener(id = "file-in", endpoint = "file-in")
		void file(String text) {
			this.received.add(text);
		}

		@ZmqListener(id = "env-in", endpoint = "env-in")
		void env(String text) {
			this.received.add(text);
		}

	}

}
