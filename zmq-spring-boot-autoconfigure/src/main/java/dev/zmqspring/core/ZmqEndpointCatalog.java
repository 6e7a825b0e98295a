package dev.zmqspring.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The named endpoints of {@code zmq.endpoints.*}, already validated, and the socket
 * defaults that inline endpoints (addresses written on an annotation) use.
 */
public final class ZmqEndpointCatalog {

	private final Map<String, ZmqEndpoint> endpoints;

	private final SocketSettings defaultSettings;

	private final java.time.Duration defaultRequestTimeout;

	private final int defaultRequestRetries;

	public ZmqEndpointCatalog(Map<String, ZmqEndpoint> endpoints, SocketSettings defaultSettings,
			java.time.Duration defaultRequestTimeout, int defaultRequestRetries) {
		this.endpoints = new TreeMap<>(endpoints);
		this.defaultSettings = defaultSettings;
		this.defaultRequestTimeout = defaultRequestTimeout;
		this.defaultRequestRetries = defaultRequestRetries;
	}

	/** The request retries of endpoints that do not override them. */
	public int defaultRequestRetries() {
		return this.defaultRequestRetries;
	}

	/**
	 * Finds an endpoint by name.
	 * @param name the key under {@code zmq.endpoints}
	 * @param usedBy what refers to it, for the error message
	 * @return the endpoint
	 * @throws IllegalArgumentException naming the known endpoints when there is none of
	 * that name
	 */
	public ZmqEndpoint get(String name, String usedBy) {
		ZmqEndpoint endpoint = this.endpoints.get(name);
		if (endpoint == null) {
			throw new IllegalArgumentException(usedBy + ": no endpoint named '" + name + "'; declare zmq.endpoints."
					+ name + ".type and .bind or .connect in application.yml" + (this.endpoints.isEmpty() ? ""
							: " (known endpoints: " + String.join(", ", this.endpoints.keySet()) + ")"));
		}
		return endpoint;
	}

	/** Whether an endpoint of that name is declared. */
	public boolean contains(String name) {
		return this.endpoints.containsKey(name);
	}

	/** All named endpoints, by name. */
	public Map<String, ZmqEndpoint> endpoints() {
		return this.endpoints;
	}

	/** The socket options of endpoints that do not override them. */
	public SocketSettings defaultSettings() {
		return this.defaultSettings;
	}

	/** The request timeout of endpoints that do not override it. */
	public java.time.Duration defaultRequestTimeout() {
		return this.defaultRequestTimeout;
	}

}
