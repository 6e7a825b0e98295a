package dev.zmqspring.security;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.zmqspring.core.ZmqEndpoint;
import dev.zmqspring.core.ZmqEndpointCatalog;
import org.jspecify.annotations.Nullable;

/**
 * Resolves {@code zmq.security.*} into the settings of each secured endpoint, and refuses
 * configurations that cannot be secure: an unknown endpoint, a missing or malformed key,
 * a server that admits nobody.
 */
final class EndpointSecurityFactory {

	private static final String PREFIX = "zmq.security.endpoints.";

	private EndpointSecurityFactory() {
	}

	static Map<String, EndpointSecurity> create(ZmqSecurityProperties properties, ZmqEndpointCatalog catalog) {
		Map<String, EndpointSecurity> result = new LinkedHashMap<>();
		properties.getEndpoints().forEach((name, settings) -> {
			String at = PREFIX + name;
			if (!catalog.contains(name)) {
				throw new ZmqSecurityException(at + " names no endpoint: declare zmq.endpoints." + name
						+ " or correct the name (known endpoints: " + catalog.endpoints().keySet() + ")");
			}
			ZmqEndpoint endpoint = catalog.endpoints().get(name);
			result.put(name, resolve(name, endpoint, settings, properties, at));
		});
		return result;
	}

	private static EndpointSecurity resolve(String name, ZmqEndpoint endpoint, ZmqSecurityProperties.Endpoint settings,
			ZmqSecurityProperties defaults, String at) {
		CurveRole role = (settings.getRole() != null) ? settings.getRole()
				: (endpoint.bind() ? CurveRole.SERVER : CurveRole.CLIENT);
		byte[] publicKey = key(settings.getPublicKey(), defaults.getPublicKey(), "public-key", at);
		byte[] secretKey = key(settings.getSecretKey(), defaults.getSecretKey(), "secret-key", at);
		if (!CurveKeys.isPair(publicKey, secretKey)) {
			throw new ZmqSecurityException(at + ": the public-key ("
					+ setting(settings.getPublicKey(), "public-key", at) + ") and the secret-key ("
					+ setting(settings.getSecretKey(), "secret-key", at)
					+ ") are not one key pair: the public key does not belong to the secret key. Check that they are"
					+ " not swapped and come from the same generated pair; " + CurveKeys.HOW_TO_GENERATE);
		}
		if (role == CurveRole.CLIENT) {
			byte[] serverKey = key(settings.getServerKey(), defaults.getServerKey(), "server-key", at);
			return new EndpointSecurity(name, role, publicKey, secretKey, serverKey, null, AddressFilter.ANY, at);
		}
		List<String> inline = new ArrayList<>();
		boolean ownList = settings.getAllowedClientKeys() != null;
		List<String> configured = ownOrDefault(settings.getAllowedClientKeys(), defaults.getAllowedClientKeys());
		String listSetting = ownList ? at + ".allowed-client-keys" : "zmq.security.allowed-client-keys";
		for (int i = 0; i < configured.size(); i++) {
			inline.add(CurveKeys.z85(CurveKeys.read(configured.get(i), "public-key", listSetting + "[" + i + "]")));
		}
		boolean ownDirectory = settings.getAllowedClientKeysDirectory() != null;
		String directory = ownDirectory ? settings.getAllowedClientKeysDirectory()
				: defaults.getAllowedClientKeysDirectory();
		String directorySetting = ownDirectory ? at + ".allowed-client-keys-directory"
				: "zmq.security.allowed-client-keys-directory";
		ClientAllowList allowList = new ClientAllowList(inline,
				(directory != null && !directory.isBlank()) ? Path.of(stripFilePrefix(directory.trim())) : null,
				directorySetting);
		if (allowList.isClosed()) {
			throw new ZmqSecurityException("Endpoint '" + name + "' is a CURVE server (" + endpoint.describe()
					+ ") without an authenticator: it would admit no client (and JeroMQ alone would admit any)."
					+ " List the public keys of its clients in " + at + ".allowed-client-keys (or"
					+ " zmq.security.allowed-client-keys), or name a directory of client public key files in " + at
					+ ".allowed-client-keys-directory");
		}
		AddressFilter addresses = AddressFilter.of(
				ownOrDefault(settings.getAllowedAddresses(), defaults.getAllowedAddresses()),
				ownOrDefault(settings.getDeniedAddresses(), defaults.getDeniedAddresses()));
		return new EndpointSecurity(name, role, publicKey, secretKey, null, allowList, addresses, at);
	}

	private static byte[] key(@Nullable String own, @Nullable String fallback, String kind, String at) {
		String value = (own != null && !own.isBlank()) ? own : fallback;
		String setting = setting(own, kind, at);
		if (value == null || value.isBlank()) {
			throw new ZmqSecurityException(at + " needs a " + kind + ": set " + at + "." + kind + " or zmq.security."
					+ kind + " (Z85 text, file:<path> or ${ENV_VAR}); " + CurveKeys.HOW_TO_GENERATE);
		}
		return CurveKeys.read(value, kind.equals("secret-key") ? "secret-key" : "public-key", setting);
	}

	/**
	 * The property a key was taken from: the endpoint's own, or the default under
	 * zmq.security.
	 */
	private static String setting(@Nullable String own, String kind, String at) {
		return (own != null && !own.isBlank()) ? at + "." + kind : "zmq.security." + kind;
	}

	/**
	 * An endpoint's own list when it sets one (even empty), else the default, else none.
	 */
	private static List<String> ownOrDefault(@Nullable List<String> own, @Nullable List<String> fallback) {
		if (own != null) {
			return own;
		}
		return (fallback != null) ? fallback : List.of();
	}

	private static String stripFilePrefix(String value) {
		return value.startsWith("file:") ? value.substring("file:".length()) : value;
	}

}
