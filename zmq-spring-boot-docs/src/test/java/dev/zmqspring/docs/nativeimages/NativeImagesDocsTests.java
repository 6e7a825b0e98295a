package dev.zmqspring.docs.nativeimages;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/native-images.md, run: the application's own binding hints cover the payloads and their accessors. */
@Timeout(30)
class NativeImagesDocsTests {

	@Test
	void registerReflectionForBindingCoversTheTemplatesPayloads() {
		RuntimeHints hints = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(hints, PaymentsHints.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Refund.class, "cents")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(RefundStatus.class, "done")).accepts(hints);
	}

}
