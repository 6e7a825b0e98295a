package dev.zmqspring.security;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.zeromq.ZMQ;

/**
 * Masks CURVE secret keys in Actuator's {@code env} and {@code configprops} endpoints,
 * also when they are set to show values
 * ({@code management.endpoint.env.show-values=always}, which shows every value no
 * sanitizing function masks):
 * <ul>
 * <li>the value of every {@code zmq.security} secret-key setting, however it is spelled
 * ({@code zmq.security.endpoints.orders.secret-key}, {@code ...secretKey},
 * {@code ZMQ_SECURITY_SECRETKEY});</li>
 * <li>every other value that contains the text of a configured secret key: the
 * environment variable or other property a {@code ${...}} placeholder took it from, a
 * command line or JSON document that carries it.</li>
 * </ul>
 * Key files ({@code file:}) are read by the starter only: their content never enters the
 * environment.
 */
final class ZmqSecretSanitizingFunction implements SanitizingFunction {

	private final List<String> secretKeys;

	/**
	 * @param secretKeys the secret keys in use (32 bytes each)
	 */
	public ZmqSecretSanitizingFunction(Collection<byte[]> secretKeys) {
		this.secretKeys = secretKeys.stream().map(ZMQ.Curve::z85Encode).distinct().toList();
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		Object value = data.getValue();
		if (value == null) {
			return data;
		}
		if (isSecretKeySetting(data.getKey()) || containsSecretKey(String.valueOf(value))) {
			return data.withSanitizedValue();
		}
		return data;
	}

	/**
	 * Whether a property name is a {@code zmq.security} secret key in any relaxed
	 * spelling: dotted or indexed, dashed or camel case, or as an environment variable.
	 */
	static boolean isSecretKeySetting(@Nullable String key) {
		if (key == null) {
			return false;
		}
		StringBuilder letters = new StringBuilder(key.length());
		for (char c : key.toLowerCase(Locale.ROOT).toCharArray()) {
			if (Character.isLetterOrDigit(c)) {
				letters.append(c);
			}
		}
		String name = letters.toString();
		return name.startsWith("zmqsecurity") && name.endsWith("secretkey");
	}

	private boolean containsSecretKey(String text) {
		for (String secretKey : this.secretKeys) {
			if (text.contains(secretKey)) {
				return true;
			}
		}
		return false;
	}

}
