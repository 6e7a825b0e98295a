package dev.zmqspring.annotation;

import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hints of listener methods whose types are unusual: generics that refer to
 * themselves, raw collections, headers of the application's own types.
 */
@Timeout(30)
class ZmqListenerReflectiveProcessorTests {

	private final ZmqListenerReflectiveProcessor processor = new ZmqListenerReflectiveProcessor();

	@Test
	void selfReferringGenericsAndRawCollectionsEnd() {
		RuntimeHints hints = new RuntimeHints();
		for (Method method : Listeners.class.getDeclaredMethods()) {
			this.processor.registerReflectionHints(hints.reflection(), method);
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "status")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Listeners.class, "statuses")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Item.class)).as("a list's elements").accepts(hints);
	}

	@Test
	void aHeaderOfAnApplicationTypeCanBeMadeFromItsText() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		this.processor.registerReflectionHints(hints.reflection(),
				Listeners.class.getDeclaredMethod("tenant", String.class, Optional.class));
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(Tenant.class)
			.withMemberCategories(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS, MemberCategory.INVOKE_PUBLIC_METHODS))
			.accepts(hints);
	}

	enum Status {

		OPEN, CLOSED

	}

	record Item(String sku) {
	}

	record Tenant(String name) {
	}

	static class Listeners {

		@ZmqListener(endpoint = "a")
		<E extends Enum<E>> void status(E status) {
		}

		@SuppressWarnings("rawtypes")
		@ZmqListener(endpoint = "b")
		void statuses(EnumSet statuses, List<Item> items) {
		}

		@ZmqListener(endpoint = "c")
		void tenant(String payload, @Header("tenant") Optional<Tenant> tenant) {
		}

	}

}
