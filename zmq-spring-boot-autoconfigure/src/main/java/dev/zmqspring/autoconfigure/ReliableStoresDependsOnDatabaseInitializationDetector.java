package dev.zmqspring.autoconfigure;

import java.util.Set;

import dev.zmqspring.reliable.DeadLetterStore;
import dev.zmqspring.reliable.OutboxStore;
import dev.zmqspring.reliable.ProcessedMessageStore;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;

/**
 * A {@link DependsOnDatabaseInitializationDetector} for the stores of at-least-once
 * delivery: they, and what uses them (the outbox behind {@code ZmqTemplate}), are created
 * after the database is initialized (by Flyway, Liquibase, SQL scripts or the starter's
 * own {@link ReliableSchemaInitializer}), so that an application bean may send
 * at-least-once while it starts.
 */
class ReliableStoresDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		return Set.of(OutboxStore.class, ProcessedMessageStore.class, DeadLetterStore.class);
	}

}
