package dev.zmqspring.samples.inventory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the inventory sample ({@code inventory.*}).
 *
 * @param seed stock levels by SKU, stored at startup for each SKU that is not in the
 * database yet
 * @param emailDelay how long sending one e-mail takes (simulated)
 * @param smsDelay how long sending one SMS takes (simulated)
 */
@ConfigurationProperties("inventory")
public record InventoryProperties(Map<String, Integer> seed, Duration emailDelay, Duration smsDelay) {

	public InventoryProperties {
		seed = (seed != null) ? new LinkedHashMap<>(seed) : Map.of();
		emailDelay = (emailDelay != null) ? emailDelay : Duration.ofMillis(1000);
		smsDelay = (smsDelay != null) ? smsDelay : Duration.ofMillis(700);
	}

}
