package dev.zmqspring.samples.order;

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
 * image of this service holds what the starter needs at run time: the listener method,
 * the publisher interfaces' proxies, the messages' types for Jackson, JeroMQ's fields and
 * the reliable stores' scripts.
 */
@Timeout(30)
class NativeImageHintsTests {

	private static final String METADATA = "META-INF/native-image/dev.zmqspring/sample-order-service/reachability-metadata.json";

	private static final String SAMPLE = "dev.zmqspring.samples.order.";

	@Test
	void theGeneratedReachabilityMetadataCoversListenersPublishersMessagesAndJeroMq() throws Exception {
		JsonNode metadata;
		try (InputStream in = new ClassPathResource(METADATA).getInputStream()) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		assertThat(members(metadata, SAMPLE + "order.OrderResultListener", "methods")).contains("onResult");
		assertThat(proxies(metadata)).contains(SAMPLE + "stock.InventoryClient", SAMPLE + "user.UserEvents");
		assertThat(members(metadata, SAMPLE + "order.OrderResult", "methods")).contains("orderId", "status");
		assertThat(members(metadata, SAMPLE + "stock.StockQuery", "methods")).contains("sku");
		assertThat(members(metadata, SAMPLE + "stock.StockLevel", "methods")).contains("available");
		assertThat(members(metadata, SAMPLE + "user.UserRegistered", "methods")).contains("userId", "email");
		assertThat(members(metadata, "zmq.io.StreamEngine", "fields")).contains("handshaking", "mechanism");
		assertThat(metadata.get("resources").toString()).contains("dev/zmqspring/reliable/*.sql");
	}

	private static List<String> members(JsonNode metadata, String type, String kind) {
		List<String> names = new ArrayList<>();
		for (JsonNode entry : metadata.get("reflection")) {
			if (type.equals(entry.path("type").asString(null)) && entry.has(kind)) {
				entry.get(kind).forEach((member) -> names.add(member.get("name").asString()));
			}
		}
		return names;
	}

	private static List<String> proxies(JsonNode metadata) {
		List<String> interfaces = new ArrayList<>();
		for (JsonNode entry : metadata.get("reflection")) {
			entry.path("type").path("proxy").forEach((type) -> interfaces.add(type.asString()));
		}
		return interfaces;
	}

}
