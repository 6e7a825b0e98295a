package dev.zmqspring.aot;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import reactor.core.publisher.Mono;

/**
 * An application processed ahead of time by {@link ZmqAotTests}: listeners of every shape
 * whose types need hints, and publisher interfaces found in this package. Public, as the
 * code generated for it is compiled apart.
 */
@Configuration(proxyBeanMethods = false)
@AutoConfigurationPackage
@ImportAutoConfiguration(ZmqAutoConfiguration.class)
@Import({ AotApplication.Inventory.class, AotApplication.UserEventHandlers.class })
public class AotApplication {

	/** The properties of the application. */
	public static final String[] PROPERTIES = { "zmq.endpoints.orders.type=PUSH",
			"zmq.endpoints.orders.bind=inproc://aot-orders", "zmq.endpoints.orders-in.type=PULL",
			"zmq.endpoints.orders-in.connect=inproc://aot-orders", "zmq.endpoints.stock.type=REQ",
			"zmq.endpoints.stock.bind=inproc://aot-stock", "zmq.endpoints.stock-in.type=REP",
			"zmq.endpoints.stock-in.connect=inproc://aot-stock", "zmq.endpoints.audit-in.type=PULL",
			"zmq.endpoints.audit-in.bind=inproc://aot-audit", "zmq.endpoints.users-in.type=PULL",
			"zmq.endpoints.users-in.bind=inproc://aot-users", "zmq.endpoints.receipts-in.type=REP",
			"zmq.endpoints.receipts-in.bind=inproc://aot-receipts", "zmq.endpoints.archive.type=PUSH",
			"zmq.endpoints.archive.bind=inproc://aot-archive", "zmq.endpoints.quotes.type=REQ",
			"zmq.endpoints.quotes.connect=inproc://aot-quotes", "zmq.type-mappings.mapped=" + Mapped.class.getName() };

	public record Item(String sku, int quantity) {
	}

	public record OrderPlaced(String id, List<Item> items) {
	}

	public record StockQuery(String sku) {
	}

	public record StockLevel(String sku, int available) {
	}

	public record AuditEntry(String what) {
	}

	public record UserDeleted(String user) {
	}

	public record ReceiptRequest(String order) {
	}

	public record Receipt(String order, String number) {
	}

	/** Sent only through a method of a generic super-interface. */
	public record Archived(String what) {
	}

	/** Sent only by a publisher ({@link Quotes}). */
	public record QuoteRequest(String sku) {
	}

	/** Only a publisher's reply, inside its future: no listener returns it. */
	public record Quote(String sku, long cents) {
	}

	/** Only a publisher's reply, returned itself. */
	public record Price(String sku, long cents) {
	}

	/** A header's type, made from the header's text by its constructor. */
	public record Tenant(String name) {
	}

	/** Named only in {@code zmq.type-mappings}. */
	public record Mapped(String value) {
	}

	@ZmqPublisher(endpoint = "orders")
	public interface Orders {

		void place(OrderPlaced order);

	}

	public interface Events<E> {

		void publish(E event);

	}

	@ZmqPublisher(endpoint = "archive")
	public interface Archive extends Events<Archived> {

	}

	/** A publisher whose reply types no listener of this application returns. */
	@ZmqPublisher(endpoint = "quotes")
	public interface Quotes {

		CompletableFuture<Quote> quote(QuoteRequest request);

		Price price(QuoteRequest request);

	}

	@ZmqPublisher(endpoint = "stock")
	public interface StockClient {

		CompletableFuture<StockLevel> query(StockQuery query);

	}

	public static class Inventory {

		public final BlockingQueue<OrderPlaced> orders = new LinkedBlockingQueue<>();

		@ZmqListener(endpoint = "orders-in")
		public void reserve(OrderPlaced order, @Header(name = "region", required = false) String region) {
			this.orders.add(order);
		}

		@ZmqListener(endpoint = "stock-in")
		public CompletableFuture<StockLevel> stock(StockQuery query) {
			return CompletableFuture.completedFuture(new StockLevel(query.sku(), 7));
		}

		@ZmqListener(endpoint = "receipts-in")
		public Mono<Receipt> receipt(Message<ReceiptRequest> request) {
			return Mono.just(new Receipt(request.getPayload().order(), "r-1"));
		}

		@ZmqListener(endpoint = "audit-in")
		public void audit(Message<AuditEntry> entry, @Header(name = "tenant", required = false) Tenant tenant) {
		}

	}

	@ZmqListener(endpoint = "users-in")
	public static class UserEventHandlers {

		@ZmqHandler
		public void deleted(UserDeleted event) {
		}

	}

}
