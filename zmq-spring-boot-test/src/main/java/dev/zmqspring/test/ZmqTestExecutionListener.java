package dev.zmqspring.test;

import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Forgets the listener calls that {@link ZmqListenerTestHarness} recorded before each
 * test method, so that a test sees only its own even when test classes share an
 * application context. Registered through {@code META-INF/spring.factories}; does nothing
 * for a test whose context has no harness.
 */
final class ZmqTestExecutionListener extends AbstractTestExecutionListener {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE - 100;
	}

	@Override
	public void beforeTestMethod(TestContext testContext) {
		if (testContext.hasApplicationContext()) {
			testContext.getApplicationContext()
				.getBeanProvider(ZmqListenerTestHarness.class)
				.ifAvailable(ZmqListenerTestHarness::reset);
		}
	}

}
