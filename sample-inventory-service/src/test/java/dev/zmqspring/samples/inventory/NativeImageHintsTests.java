package dev.zmqspring.samples.inventory;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the build's ahead-of-time processing (spring-boot:process-aot) wrote for a native
 * image of this service holds what the starter needs at run time: the listener methods
 * and the types of their messages for Jackson.
 */
@Timeout(30)
class NativeImageHintsTests {

	private static final String METADATA = "META-INF/native-image/dev.zmqspring/sample-inventory-service/reachability-metadata.json";

	private static final String SAMPLE = "dev.zmqspring.samples.inventory.";

	@Test
	void theGeneratedReachabilityMetadataCoversListenersAndTheirMessages() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource(METADATA).getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<String> listeners = new ArrayList<>();
		List<String> types = new ArrayList<>();
		for (JsonNode entry : metadata.get("reflection")) {
			String type = entry.path("type").asString("");
			types.add(type);
			entry.path("methods").forEach((method) -> listeners.add(type + "." + method.get("name").asString()));
		}
		assertThat(listeners).contains(SAMPLE + "reservation.ReservationListener.onOrderPlaced",
				SAMPLE + "notification.NotificationSenders.sendEmail",
				SAMPLE + "notification.NotificationSenders.sendSms", SAMPLE + "stock.StockQueryListener.stock");
		assertThat(types).anyMatch((type) -> type.startsWith(SAMPLE) && type.endsWith(".OrderPlaced"))
			.anyMatch((type) -> type.startsWith(SAMPLE) && type.endsWith(".UserRegistered"))
			.anyMatch((type) -> type.startsWith(SAMPLE) && type.endsWith(".StockLevel"));
	}

}
