package dev.zmqspring.autoconfigure;

import javax.sql.DataSource;

import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DeadLetterService;
import dev.zmqspring.reliable.DeadLetterStore;
import dev.zmqspring.reliable.InMemoryDeadLetterStore;
import dev.zmqspring.reliable.InMemoryOutboxStore;
import dev.zmqspring.reliable.InMemoryProcessedMessageStore;
import dev.zmqspring.reliable.JdbcDeadLetterStore;
import dev.zmqspring.reliable.JdbcOutboxStore;
import dev.zmqspring.reliable.JdbcProcessedMessageStore;
import dev.zmqspring.reliable.ListenerTransaction;
import dev.zmqspring.reliable.OutboxService;
import dev.zmqspring.reliable.OutboxStore;
import dev.zmqspring.reliable.ProcessedMessageStore;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableListenerFactory;
import dev.zmqspring.reliable.ReliableSchema;
import dev.zmqspring.reliable.ReliableSettings;
import dev.zmqspring.reliable.SpringListenerTransaction;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * At-least-once delivery: the outbox and its dispatchers, the reliable listener wrapper and the dead letters, on the
 * application's {@code DataSource} when there is one and in memory otherwise.
 */
@Configuration(proxyBeanMethods = false)
class ReliableDeliveryConfiguration {

	// Nested configurations are registered before this class's own methods, so the in-memory stores below only
	// stand in where JdbcStores did not apply.

	@Bean
	@ConditionalOnMissingBean
	OutboxStore zmqOutboxStore() {
		return new InMemoryOutboxStore();
	}

	@Bean
	@ConditionalOnMissingBean
	ProcessedMessageStore zmqProcessedMessageStore() {
		return new InMemoryProcessedMessageStore();
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterStore zmqDeadLetterStore() {
		return new InMemoryDeadLetterStore();
	}

	@Bean
	@ConditionalOnMissingBean
	ReliableSettings zmqReliableSettings(ZmqProperties properties) {
		ZmqReliableProperties reliable = properties.getReliable();
		return new ReliableSettings(reliable.getAckTimeout(), reliable.getInitialBackoff(),
				reliable.getBackoffMultiplier(), reliable.getMaxBackoff(), reliable.getMaxInFlight(),
				reliable.getPollInterval(), reliable.getMaxAttempts(), reliable.getProcessedRetention());
	}

	@Bean
	@ConditionalOnMissingBean
	ReliableDeliveryRegistry zmqReliableDeliveryRegistry(ZmqEndpointCatalog catalog, ZmqSenderRegistry senders,
			OutboxStore outboxStore, ProcessedMessageStore processedStore, ReliableSettings settings,
			ZmqMessageConverter converter, ObjectProvider<ZmqShutdownDeadline> shutdownDeadline) {
		ReliableDeliveryRegistry registry = new ReliableDeliveryRegistry(catalog, senders, outboxStore, processedStore,
				settings, converter);
		registry.setShutdownDeadline(shutdownDeadline.getIfAvailable());
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxService zmqOutbox(OutboxStore outboxStore, ReliableDeliveryRegistry registry) {
		return new OutboxService(outboxStore, registry::wake);
	}

	@Bean
	@ConditionalOnMissingBean
	ReliableListenerFactory zmqReliableListenerFactory(ProcessedMessageStore processedStore,
			DeadLetterStore deadLetterStore, ObjectProvider<ListenerTransaction> transaction, ReliableSettings settings,
			ReliableDeliveryRegistry registry) {
		return new ReliableListenerFactory(processedStore, deadLetterStore,
				transaction.getIfAvailable(() -> ListenerTransaction.NONE), settings, registry);
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterService zmqDeadLetterService(DeadLetterStore deadLetterStore, ZmqListenerEndpointRegistry listeners) {
		return new DeadLetterService(deadLetterStore, listeners);
	}

	/** Durable stores on the application's one {@code DataSource}, in its transactions. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class JdbcStores {

		@Bean
		@ConditionalOnMissingBean
		ReliableSchema zmqReliableSchema(DataSource dataSource, ZmqProperties properties) {
			ReliableSchema schema = new ReliableSchema(dataSource, properties.getReliable().getTablePrefix());
			if (properties.getReliable().isInitializeSchema()) {
				schema.create();
			}
			return schema;
		}

		@Bean
		@ConditionalOnMissingBean
		OutboxStore zmqOutboxStore(DataSource dataSource, ZmqProperties properties, ReliableSchema schema) {
			return new JdbcOutboxStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		ProcessedMessageStore zmqProcessedMessageStore(DataSource dataSource, ZmqProperties properties,
				ReliableSchema schema) {
			return new JdbcProcessedMessageStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterStore zmqDeadLetterStore(DataSource dataSource, ZmqProperties properties, ReliableSchema schema) {
			return new JdbcDeadLetterStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PlatformTransactionManager.class)
		ListenerTransaction zmqListenerTransaction(PlatformTransactionManager transactionManager) {
			return new SpringListenerTransaction(transactionManager);
		}

	}

}
