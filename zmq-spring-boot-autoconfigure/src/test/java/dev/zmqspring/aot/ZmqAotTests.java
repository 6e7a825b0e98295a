package dev.zmqspring.aot;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.aot.AotApplication.Archive;
import dev.zmqspring.aot.AotApplication.Archived;
import dev.zmqspring.aot.AotApplication.AuditEntry;
import dev.zmqspring.aot.AotApplication.Inventory;
import dev.zmqspring.aot.AotApplication.Item;
import dev.zmqspring.aot.AotApplication.Mapped;
import dev.zmqspring.aot.AotApplication.OrderPlaced;
import dev.zmqspring.aot.AotApplication.Receipt;
import dev.zmqspring.aot.AotApplication.ReceiptRequest;
import dev.zmqspring.aot.AotApplication.Orders;
import dev.zmqspring.aot.AotApplication.Price;
import dev.zmqspring.aot.AotApplication.Quote;
import dev.zmqspring.aot.AotApplication.QuoteRequest;
import dev.zmqspring.aot.AotApplication.Quotes;
import dev.zmqspring.aot.AotApplication.StockClient;
import dev.zmqspring.aot.AotApplication.StockLevel;
import dev.zmqspring.aot.AotApplication.StockQuery;
import dev.zmqspring.aot.AotApplication.Tenant;
import dev.zmqspring.aot.AotApplication.UserDeleted;
import dev.zmqspring.aot.AotApplication.UserEventHandlers;
import dev.zmqspring.autoconfigure.ZmqProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ahead-of-time processing of an application that uses the starter: the runtime hints a
 * native image needs (listener methods and their payloads, publisher proxies and their
 * payloads, the reliable stores' scripts, JeroMQ's fields, the mapped types), and the
 * generated code, compiled and run: its listeners and publishers work, and the publishers
 * are found by type without being created first.
 */
@Timeout(120)
@CompileWithForkedClassLoader
class ZmqAotTests {

	@Test
	void hintsCoverEverythingTheStarterReflectsOnOrProxies() throws Exception {
		RuntimeHints hints = process(new TestGenerationContext()).hints();
		for (String listener : List.of("reserve", "stock", "audit", "receipt")) {
			assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Inventory.class, listener)).as(listener)
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(UserEventHandlers.class, "deleted"))
			.accepts(hints);
		// Payloads, inside lists, futures, monos and messages; Archived only through a
		// generic super-interface, Mapped only in zmq.type-mappings, the last three only
		// in a publisher (its argument, and its replies in a future and as themselves).
		for (Class<?> payload : List.of(OrderPlaced.class, Item.class, StockQuery.class, StockLevel.class,
				AuditEntry.class, UserDeleted.class, ReceiptRequest.class, Receipt.class, Archived.class, Mapped.class,
				QuoteRequest.class, Quote.class, Price.class)) {
			assertThat(RuntimeHintsPredicates.reflection().onType(payload)).as(payload.getSimpleName()).accepts(hints);
			assertThat(RuntimeHintsPredicates.reflection()
				.onMethodInvocation(payload.getDeclaredConstructors()[0].getDeclaringClass(), payloadAccessor(payload)))
				.as(payload.getSimpleName() + "'s accessor")
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Tenant.class)
			.withMemberCategories(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS))
			.as("a header's own type, made from its text")
			.accepts(hints);
		assertThat(hints.reflection().getTypeHint(Thread.class)).isNotNull()
			.satisfies((thread) -> assertThat(thread.methods())
				.anyMatch((method) -> method.getName().equals("isVirtual")));
		for (Class<?> publisher : List.of(Orders.class, StockClient.class, Archive.class, Quotes.class)) {
			assertThat(RuntimeHintsPredicates.proxies().forInterfaces(publisher)).as(publisher.getSimpleName())
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Orders.class, "place")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(StockClient.class, "query")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Quotes.class, "quote")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Quotes.class, "price")).accepts(hints);
		for (String script : List.of("schema-h2.sql", "schema-postgresql.sql", "topics-mysql.sql",
				"topics-drop-sqlserver.sql")) {
			assertThat(RuntimeHintsPredicates.resource().forResource("dev/zmqspring/reliable/" + script)).as(script)
				.accepts(hints);
		}
		for (String field : List.of("handshaking", "mechanism", "fd", "options", "session")) {
			assertThat(RuntimeHintsPredicates.reflection().onFieldAccess("zmq.io.StreamEngine", field)).as(field)
				.accepts(hints);
		}
		assertThat(RuntimeHintsPredicates.reflection().onFieldAccess("zmq.pipe.Pipe", "inpipe")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(ZmqProperties.class))
			.as("Boot's configuration properties")
			.accepts(hints);
	}

	@Test
	void theGeneratedApplicationRunsItsListenersAndPublishersWithoutRunTimeClassGeneration() throws Exception {
		TestGenerationContext generation = new TestGenerationContext();
		Processed processed = process(generation);
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
				.getInstance(ApplicationContextInitializer.class, processed.initializer().toString());
			try (GenericApplicationContext context = new GenericApplicationContext()) {
				TestPropertyValues.of(AotApplication.PROPERTIES).applyTo(context);
				initializer.initialize(context);
				assertThat(context.getBeanFactory().getBeanNamesForType(Orders.class, true, false))
					.as("the publisher, found by type before any bean is created")
					.containsExactly("orders");
				context.refresh();
				context.getBean(Orders.class).place(new OrderPlaced("order-1", List.of(new Item("apple", 2))));
				assertThat(context.getBean(Inventory.class).orders.poll(20, TimeUnit.SECONDS))
					.isEqualTo(new OrderPlaced("order-1", List.of(new Item("apple", 2))));
				assertThat(context.getBean(StockClient.class).query(new StockQuery("apple")).get(20, TimeUnit.SECONDS))
					.isEqualTo(new StockLevel("apple", 7));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static String payloadAccessor(Class<?> payload) {
		return payload.getRecordComponents()[0].getName();
	}

	private static Processed process(TestGenerationContext generation) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			TestPropertyValues.of(AotApplication.PROPERTIES).applyTo(context);
			context.register(AotApplication.class);
			ClassName initializer = new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
			generation.writeGeneratedContent();
			return new Processed(generation.getRuntimeHints(), initializer);
		}
	}

	private record Processed(RuntimeHints hints, ClassName initializer) {
	}

}
