package dev.zmqspring.security;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The resolved CURVE settings of every endpoint listed under
 * {@code zmq.security.endpoints}, by endpoint name: read once, shared by the
 * authenticator, the socket customizer, the socket check and the Actuator sanitizer.
 * Holds secret key material; its {@link #toString()} shows none.
 */
final class SecuredEndpoints {

	private final Map<String, EndpointSecurity> endpoints;

	/**
	 * @param endpoints the settings of the secured endpoints, by endpoint name
	 */
	public SecuredEndpoints(Map<String, EndpointSecurity> endpoints) {
		this.endpoints = Collections.unmodifiableMap(new LinkedHashMap<>(endpoints));
	}

	/**
	 * The settings of one endpoint.
	 * @param endpoint the endpoint name
	 * @return its settings, or {@code null} when it is not secured
	 */
	public @Nullable EndpointSecurity get(String endpoint) {
		return this.endpoints.get(endpoint);
	}

	/** Every secured endpoint, by name, in configuration order. */
	public Map<String, EndpointSecurity> all() {
		return this.endpoints;
	}

	/** The secured endpoints that are CURVE servers, by name. */
	public Map<String, EndpointSecurity> servers() {
		Map<String, EndpointSecurity> servers = new LinkedHashMap<>();
		this.endpoints.forEach((name, endpoint) -> {
			if (endpoint.server()) {
				servers.put(name, endpoint);
			}
		});
		return servers;
	}

	@Override
	public String toString() {
		return "SecuredEndpoints" + this.endpoints.values();
	}

}
