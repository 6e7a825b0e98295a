package dev.zmqspring.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import dev.zmqspring.observation.ZmqObservations;
import io.micrometer.observation.ObservationRegistry;

/**
 * Reads which endpoints are observed from {@code zmq.observation.enabled} and each
 * endpoint's {@code observation-enabled}.
 */
final class ObservationSettings {

	private ObservationSettings() {
	}

	static ZmqObservations observations(ZmqProperties properties, ObservationRegistry registry,
			ZmqObservations.Conventions conventions) {
		boolean enabled = properties.getObservation().isEnabled();
		Map<String, Boolean> byEndpoint = new HashMap<>();
		properties.getEndpoints().forEach((name, endpoint) -> {
			Boolean own = endpoint.getObservationEnabled();
			if (own != null) {
				byEndpoint.put(name, own);
			}
		});
		if (!enabled && byEndpoint.isEmpty()) {
			return ZmqObservations.NONE;
		}
		return new ZmqObservations(registry, (name) -> byEndpoint.getOrDefault(name, enabled), conventions);
	}

}
