package dev.zmqspring.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.zmqspring.core.ConnectionRejections;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.testsupport.StartupFailures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Security settings fail closed and fail readably: a secured server without an
 * allow-list, a missing or malformed key, or a secured name that is no endpoint stop the
 * application with a message that says what to set; keys come from Z85 text, files and
 * placeholders; no secret key ever shows in a message or in the log.
 */
@Timeout(30)
@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final ZMQ.Curve.KeyPair server = ZmqKeyGenerator.generate();

	private final ZMQ.Curve.KeyPair client = ZmqKeyGenerator.generate();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
		.withUserConfiguration(CurveAuthenticationTests.Inbox.class)
		.withPropertyValues("zmq.endpoints.inbox.type=PULL", "zmq.endpoints.inbox.bind=tcp://127.0.0.1:*");

	@Test
	void securedServerWithoutAllowedClientsFailsToStartAndSaysHowToFixIt(CapturedOutput output) {
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey)
			.run(context -> {
				String message = StartupFailures.assertFailedWith(context, "'inbox'", "CURVE server",
						"zmq.security.endpoints.inbox.allowed-client-keys", "allowed-client-keys-directory");
				assertThat(message).doesNotContain(this.server.secretKey);
			});
		assertThat(output).doesNotContain(this.server.secretKey);
	}

	@Test
	void securedServerWithoutSecretKeyFailsToStartNamingTheProperty() {
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> StartupFailures.assertFailedWith(context, "zmq.security.endpoints.inbox.secret-key",
					"ZmqKeyGenerator"));
	}

	@Test
	void malformedSecretKeyFailsWithoutShowingTheValue(CapturedOutput output) {
		String almostKey = this.server.secretKey.substring(0, 39);
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + almostKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> {
				StartupFailures.assertFailedWith(context, "zmq.security.endpoints.inbox.secret-key", "not a CURVE key",
						"40 characters");
				assertThat(StartupFailures.messages(context.getStartupFailure()))
					.noneMatch(message -> message.contains(almostKey));
			});
		assertThat(output).doesNotContain(almostKey);
	}

	@Test
	void swappedPublicAndSecretKeysFailToStartWithoutShowingEither(CapturedOutput output) {
		// A client whose secret key sits in its public-key setting would send it to the
		// server, which logs refused
		// clients' public keys.
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class))
			.withPropertyValues("zmq.endpoints.out.type=PUSH", "zmq.endpoints.out.connect=tcp://127.0.0.1:5999",
					"zmq.security.endpoints.out.public-key=" + this.client.secretKey,
					"zmq.security.endpoints.out.secret-key=" + this.client.publicKey,
					"zmq.security.endpoints.out.server-key=" + this.server.publicKey)
			.run(context -> {
				StartupFailures.assertFailedWith(context, "zmq.security.endpoints.out",
						"the public-key (zmq.security.endpoints.out.public-key)",
						"the secret-key (zmq.security.endpoints.out.secret-key)", "are not one key pair", "not swapped",
						"ZmqKeyGenerator");
				assertThat(StartupFailures.messages(context.getStartupFailure()))
					.noneMatch(message -> message.contains(this.client.secretKey));
			});
		assertThat(output).doesNotContain(this.client.secretKey);
	}

	@Test
	void keyPairsFromDifferentPairsFailToStartNamingTheDefaultSettingsTheyCameFrom() {
		ZMQ.Curve.KeyPair other = ZmqKeyGenerator.generate();
		this.runner
			.withPropertyValues("zmq.security.public-key=" + this.server.publicKey,
					"zmq.security.secret-key=" + other.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> StartupFailures.assertFailedWith(context, "zmq.security.endpoints.inbox",
					"the public-key (zmq.security.public-key)", "the secret-key (zmq.security.secret-key)",
					"are not one key pair"));
	}

	@Test
	void keyWithACharacterOutsideZ85FailsToStartInsteadOfBecomingAnotherKey() {
		// JeroMQ alone decodes '~' as if it were '0': the server would silently wait for
		// a client that does not exist.
		String typo = this.client.publicKey.substring(0, 39) + "~";
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + typo)
			.run(context -> StartupFailures.assertFailedWith(context,
					"zmq.security.endpoints.inbox.allowed-client-keys[0] is not a CURVE key", "not valid Z85 text"));
	}

	@Test
	void securingAnUnknownEndpointFailsToStart() {
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbx.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbx.secret-key=" + this.server.secretKey)
			.run(context -> StartupFailures.assertFailedWith(context, "zmq.security.endpoints.inbx",
					"names no endpoint", "inbox"));
	}

	@Test
	void keysAreReadFromFilesAndPlaceholdersAndSecretsStayOutOfTheLog(@TempDir Path dir, CapturedOutput output)
			throws IOException {
		Path certificate = dir.resolve("server.key_secret");
		Files.writeString(certificate,
				"public-key = \"" + this.server.publicKey + "\"\nsecret-key = \"" + this.server.secretKey + "\"\n");
		ZMQ.Curve.KeyPair stranger = ZmqKeyGenerator.generate();
		this.runner.withSystemProperties("INBOX_ALLOWED_KEY=" + this.client.publicKey)
			.withPropertyValues("zmq.security.public-key=file:" + certificate,
					"zmq.security.secret-key=file:" + certificate,
					"zmq.security.endpoints.inbox.allowed-client-keys=${INBOX_ALLOWED_KEY}")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = CurveAuthenticationTests.boundAddress(context);
				CurveAuthenticationTests.Inbox inbox = context.getBean(CurveAuthenticationTests.Inbox.class);
				AuthenticationStatistics statistics = context.getBean(AuthenticationStatistics.class);
				try (CurveClients clients = new CurveClients()) {
					clients.awaitRefusedByAuthenticator(context.getBean(ConnectionRejections.class), "inbox",
							() -> clients.curve(address, stranger, this.server.publicKey), WAIT);
					clients.curve(address, this.client, this.server.publicKey).send("from file keys");
					await().atMost(WAIT).until(() -> inbox.received.contains("from file keys"));
				}
			});
		assertThat(output).contains("refused a client").contains(stranger.publicKey);
		assertThat(output).doesNotContain(this.server.secretKey)
			.doesNotContain(this.client.secretKey)
			.doesNotContain(stranger.secretKey);
	}

	@Test
	void clientKeysAddedToTheDirectoryAreAdmittedWithoutRestart(@TempDir Path dir) throws IOException {
		Path keys = Files.createDirectory(dir.resolve("clients"));
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + this.server.publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + this.server.secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys-directory=" + keys)
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = CurveAuthenticationTests.boundAddress(context);
				CurveAuthenticationTests.Inbox inbox = context.getBean(CurveAuthenticationTests.Inbox.class);
				AuthenticationStatistics statistics = context.getBean(AuthenticationStatistics.class);
				try (CurveClients clients = new CurveClients()) {
					clients.awaitRefusedByAuthenticator(context.getBean(ConnectionRejections.class), "inbox",
							() -> clients.curve(address, this.client, this.server.publicKey), WAIT);
					assertThat(statistics.getRejected("inbox")).isPositive();
					Files.writeString(keys.resolve("client.key"), "public-key = \"" + this.client.publicKey + "\"\n");
					// A client that is refused keeps reconnecting; the next attempt after
					// the file appears gets in.
					clients.curve(address, this.client, this.server.publicKey).send("after grant");
					await().atMost(WAIT).until(() -> inbox.received.contains("after grant"));
				}
			});
	}

	@Test
	void keyGeneratorPrintsAUsableKeyPair() {
		ByteArrayOutputStream buffer = new ByteArrayOutputStream();
		ZmqKeyGenerator.print(new PrintStream(buffer, true, StandardCharsets.UTF_8));
		String printed = buffer.toString(StandardCharsets.UTF_8);
		Matcher pair = Pattern.compile("public-key = \"(.{40})\"\\R+secret-key = \"(.{40})\"").matcher(printed);
		assertThat(pair.find()).as(printed).isTrue();
		String publicKey = pair.group(1);
		String secretKey = pair.group(2);
		assertThat(CurveKeys.decode(publicKey, "public")).hasSize(32);
		assertThat(CurveKeys.decode(secretKey, "secret")).hasSize(32);
		// Spring would replace ${a:b} inside a property value with b: the generator never
		// prints such a key.
		assertThat(ZmqKeyGenerator.safeInConfiguration(publicKey)).isTrue();
		assertThat(ZmqKeyGenerator.safeInConfiguration(secretKey)).isTrue();
		assertThat(ZmqKeyGenerator.safeInConfiguration("rq:rM>}U?@Lns47E1%kR.o@n%${a:b}sL/@{H8]yf")).isFalse();
		// The printed pair works as a server's key pair.
		this.runner
			.withPropertyValues("zmq.security.endpoints.inbox.public-key=" + publicKey,
					"zmq.security.endpoints.inbox.secret-key=" + secretKey,
					"zmq.security.endpoints.inbox.allowed-client-keys=" + this.client.publicKey)
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = CurveAuthenticationTests.boundAddress(context);
				try (CurveClients clients = new CurveClients()) {
					clients.curve(address, this.client, publicKey).send("generated");
					await().atMost(WAIT)
						.until(() -> context.getBean(CurveAuthenticationTests.Inbox.class).received
							.equals(List.of("generated")));
				}
			});
	}

}
