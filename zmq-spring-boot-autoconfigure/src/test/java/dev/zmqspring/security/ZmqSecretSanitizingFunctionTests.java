package dev.zmqspring.security;

import java.util.List;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which values the sanitizing function masks in Actuator's {@code env} and
 * {@code configprops}: every {@code zmq.security} secret-key setting however it is
 * spelled, and any value that carries a secret key in use; never a public key.
 */
@Timeout(30)
class ZmqSecretSanitizingFunctionTests {

	private final ZMQ.Curve.KeyPair pair = ZmqKeyGenerator.generate();

	private final ZmqSecretSanitizingFunction function = new ZmqSecretSanitizingFunction(
			List.of(ZMQ.Curve.z85Decode(this.pair.secretKey)));

	@Test
	void secretKeySettingsAreMaskedInEveryRelaxedSpelling() {
		for (String key : List.of("zmq.security.secret-key", "zmq.security.secretKey",
				"zmq.security.endpoints.orders.secret-key", "zmq.security.endpoints[orders].secretKey",
				"zmq.security.endpoints.orders.secret_key", "ZMQ_SECURITY_SECRETKEY",
				"ZMQ_SECURITY_ENDPOINTS_ORDERS_SECRET_KEY")) {
			assertThat(sanitized(key, "file:/run/secrets/orders.key")).as(key)
				.isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void anyValueCarryingASecretKeyInUseIsMasked() {
		assertThat(sanitized("ORDERS_SECRET_KEY", this.pair.secretKey)).isEqualTo(SanitizableData.SANITIZED_VALUE);
		assertThat(sanitized("sun.java.command",
				"orders.jar --zmq.security.endpoints.orders.secret-key=" + this.pair.secretKey))
			.isEqualTo(SanitizableData.SANITIZED_VALUE);
	}

	@Test
	void publicKeysAndOtherSettingsShow() {
		assertThat(sanitized("zmq.security.endpoints.orders.public-key", this.pair.publicKey))
			.isEqualTo(this.pair.publicKey);
		assertThat(sanitized("zmq.security.endpoints.orders.server-key", this.pair.publicKey))
			.isEqualTo(this.pair.publicKey);
		// An endpoint may be called 'secret-key': its public key still shows.
		assertThat(sanitized("zmq.security.endpoints.secret-key.public-key", this.pair.publicKey))
			.isEqualTo(this.pair.publicKey);
		assertThat(sanitized("app.secret-key", "not ours")).isEqualTo("not ours");
		assertThat(sanitized("zmq.security.endpoints.orders.secret-key", null)).isNull();
	}

	@Test
	void autoConfigurationContributesTheFunctionOnlyWithActuator() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ZmqAutoConfiguration.class, ZmqSecurityAutoConfiguration.class));
		runner.run(context -> assertThat(context).hasSingleBean(ZmqSecretSanitizingFunction.class));
		runner.withClassLoader(new FilteredClassLoader(SanitizingFunction.class)).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean("zmqSecretSanitizingFunction");
		});
	}

	private Object sanitized(String key, Object value) {
		return this.function.apply(new SanitizableData(null, key, value)).getValue();
	}

}
