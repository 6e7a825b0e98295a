package dev.zmqspring.autoconfigure;

import javax.sql.DataSource;

import dev.zmqspring.core.ZmqEndpointCatalog;
import dev.zmqspring.core.ZmqSenderRegistry;
import dev.zmqspring.core.ZmqShutdownDeadline;
import dev.zmqspring.core.ZmqThreadFactory;
import dev.zmqspring.listener.GroupSubscriptionDefaults;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.observation.ZmqObservations;
import dev.zmqspring.reliable.DeadLetterService;
import dev.zmqspring.reliable.DeadLetterStore;
import dev.zmqspring.reliable.DurableTopics;
import dev.zmqspring.reliable.InMemoryDeadLetterStore;
import dev.zmqspring.reliable.InMemoryOutboxStore;
import dev.zmqspring.reliable.InMemoryProcessedMessageStore;
import dev.zmqspring.reliable.InMemoryTopicStore;
import dev.zmqspring.reliable.JdbcDeadLetterStore;
import dev.zmqspring.reliable.JdbcOutboxStore;
import dev.zmqspring.reliable.JdbcProcessedMessageStore;
import dev.zmqspring.reliable.JdbcTopicStore;
import dev.zmqspring.reliable.ListenerTransaction;
import dev.zmqspring.reliable.OutboxService;
import dev.zmqspring.reliable.OutboxStore;
import dev.zmqspring.reliable.ProcessedMessageStore;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import dev.zmqspring.reliable.ReliableListenerFactory;
import dev.zmqspring.reliable.ReliableSettings;
import dev.zmqspring.reliable.SpringListenerTransaction;
import dev.zmqspring.reliable.TopicStore;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.autoconfigure.init.OnDatabaseInitializationCondition;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * At-least-once delivery: the outbox and its dispatchers, the reliable listener wrapper
 * and the dead letters, on the application's {@code DataSource} when there is one and in
 * memory otherwise. All of it, tables included, exists only when an endpoint of
 * {@code zmq.endpoints} is at-least-once: the database of an application without one is
 * left as it is.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(OnAtLeastOnceEndpointCondition.class)
class ReliableDeliveryConfiguration {

	// Nested configurations are registered before this class's own methods, so the
	// in-memory stores below only
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
				reliable.getPollInterval(), reliable.getMaxAttempts(), reliable.getProcessedRetention(),
				reliable.getTransactionBatchSize());
	}

	@Bean
	@ConditionalOnMissingBean
	ReliableDeliveryRegistry zmqReliableDeliveryRegistry(ZmqEndpointCatalog catalog, ZmqSenderRegistry senders,
			OutboxStore outboxStore, ProcessedMessageStore processedStore, ReliableSettings settings,
			ZmqMessageConverter converter, ObjectProvider<ZmqShutdownDeadline> shutdownDeadline,
			ObjectProvider<ZmqObservations> observations, ObjectProvider<ZmqThreadFactory> threadFactory) {
		ReliableDeliveryRegistry registry = new ReliableDeliveryRegistry(catalog, senders, outboxStore, processedStore,
				settings, converter);
		threadFactory.ifAvailable(registry::setThreadFactory);
		registry.setShutdownDeadline(shutdownDeadline.getIfAvailable());
		observations.ifAvailable(registry::setObservations);
		return registry;
	}

	@Bean
	@ConditionalOnMissingBean
	TopicStore zmqTopicStore() {
		return new InMemoryTopicStore();
	}

	@Bean
	@ConditionalOnMissingBean
	DurableTopics zmqDurableTopics(TopicStore topicStore, ReliableSettings settings, ZmqProperties properties,
			ObjectProvider<ZmqThreadFactory> threadFactory) {
		DurableTopics topics = new DurableTopics(topicStore, settings,
				DurableTopicConfigurations.published(properties));
		threadFactory.ifAvailable(topics::setThreadFactory);
		return topics;
	}

	@Bean
	@ConditionalOnMissingBean
	GroupSubscriptionDefaults zmqGroupSubscriptionDefaults(ZmqProperties properties) {
		return DurableTopicConfigurations.subscribed(properties);
	}

	@Bean
	SmartInitializingSingleton zmqDurableTopicServers(DurableTopics topics, ZmqEndpointCatalog catalog,
			@Qualifier("zmqListenerContainerFactory") ObjectProvider<ZmqListenerContainerFactory> factory,
			ZmqListenerEndpointRegistry registry) {
		return () -> {
			if (!topics.endpoints().isEmpty()) {
				DurableTopicConfigurations.registerServers(topics, catalog, factory.getObject(), registry);
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	OutboxService zmqOutbox(OutboxStore outboxStore, ReliableDeliveryRegistry registry,
			ObjectProvider<DurableTopics> durableTopics) {
		OutboxService outbox = new OutboxService(outboxStore, registry::wake);
		outbox.setDurableTopics(durableTopics.getIfAvailable());
		return outbox;
	}

	@Bean
	@ConditionalOnMissingBean
	ReliableListenerFactory zmqReliableListenerFactory(ProcessedMessageStore processedStore,
			DeadLetterStore deadLetterStore, ObjectProvider<ListenerTransaction> transaction, ReliableSettings settings,
			ReliableDeliveryRegistry registry, ObjectProvider<ZmqObservations> observations) {
		ReliableListenerFactory factory = new ReliableListenerFactory(processedStore, deadLetterStore,
				transaction.getIfAvailable(() -> ListenerTransaction.NONE), settings, registry);
		observations.ifAvailable(factory::setObservations);
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	DeadLetterService zmqDeadLetterService(DeadLetterStore deadLetterStore, ZmqListenerEndpointRegistry listeners) {
		return new DeadLetterService(deadLetterStore, listeners);
	}

	/**
	 * Durable stores on the application's one {@code DataSource}, in its transactions.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcTemplate.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class JdbcStores {

		@Bean
		@ConditionalOnMissingBean
		OutboxStore zmqOutboxStore(DataSource dataSource, ZmqProperties properties) {
			return new JdbcOutboxStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		ProcessedMessageStore zmqProcessedMessageStore(DataSource dataSource, ZmqProperties properties) {
			return new JdbcProcessedMessageStore(new JdbcTemplate(dataSource),
					properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		DeadLetterStore zmqDeadLetterStore(DataSource dataSource, ZmqProperties properties) {
			return new JdbcDeadLetterStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		@ConditionalOnMissingBean
		TopicStore zmqTopicStore(DataSource dataSource, ZmqProperties properties) {
			return new JdbcTopicStore(new JdbcTemplate(dataSource), properties.getReliable().getTablePrefix());
		}

		@Bean
		ReliableSchemaCheck zmqReliableSchemaCheck(DataSource dataSource, ZmqProperties properties,
				ObjectProvider<OutboxStore> outboxStore, ObjectProvider<ProcessedMessageStore> processedStore,
				ObjectProvider<DeadLetterStore> deadLetterStore, ObjectProvider<TopicStore> topicStore) {
			ReliableSchemaCheck check = new ReliableSchemaCheck(dataSource, properties.getReliable(), outboxStore,
					processedStore, deadLetterStore);
			if (!DurableTopicConfigurations.published(properties).isEmpty()
					&& topicStore.getIfUnique() instanceof JdbcTopicStore) {
				check.requireTopicTables();
			}
			return check;
		}

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnBean(PlatformTransactionManager.class)
		ListenerTransaction zmqListenerTransaction(PlatformTransactionManager transactionManager) {
			return new SpringListenerTransaction(transactionManager);
		}

	}

	/**
	 * The tables, created at startup as Spring Boot creates Spring Batch's
	 * ({@code zmq.reliable.jdbc.initialize-schema}: embedded, always or never), ordered
	 * by Spring Boot after Flyway and Liquibase; the stores come after every database
	 * initializer.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JdbcTemplate.class, DataSourceScriptDatabaseInitializer.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	@Import(DatabaseInitializationDependencyConfigurer.class)
	static class SchemaInitialization {

		@Configuration(proxyBeanMethods = false)
		@Conditional(OnReliableSchemaInitializationCondition.class)
		static class Initializer {

			@Bean
			@ConditionalOnMissingBean
			ReliableSchemaInitializer zmqReliableSchemaInitializer(DataSource dataSource, ZmqProperties properties) {
				ReliableSchemaInitializer initializer = new ReliableSchemaInitializer(dataSource,
						properties.getReliable());
				initializer.setTopicTables(!DurableTopicConfigurations.published(properties).isEmpty());
				return initializer;
			}

		}

		/**
		 * Matches unless {@code zmq.reliable.jdbc.initialize-schema} is {@code never}.
		 */
		static class OnReliableSchemaInitializationCondition extends OnDatabaseInitializationCondition {

			OnReliableSchemaInitializationCondition() {
				super("Reliable delivery", "zmq.reliable.jdbc.initialize-schema");
			}

		}

	}

}
