package dev.zmqspring.reliable;

import java.util.function.Supplier;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A {@link ListenerTransaction} on Spring's transaction manager: the listener's own
 * database work (through the same transaction manager) and its processed-id mark commit
 * together.
 */
public class SpringListenerTransaction implements ListenerTransaction {

	private final TransactionTemplate template;

	public SpringListenerTransaction(PlatformTransactionManager transactionManager) {
		this.template = new TransactionTemplate(transactionManager);
	}

	@Override
	public <T> T execute(Supplier<T> work) {
		return this.template.execute(status -> work.get());
	}

}
