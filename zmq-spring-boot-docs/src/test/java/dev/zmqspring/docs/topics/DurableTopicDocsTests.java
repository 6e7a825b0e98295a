package dev.zmqspring.docs.topics;

import java.time.Duration;
import java.util.UUID;

import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.docs.DocsYaml;
import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import dev.zmqspring.reliable.DurableTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example of docs/durable-topics.md, publisher and subscribers in one context on H2:
 * users registered while the sms group is stopped get their text once it starts, and
 * their mail at once.
 */
@Timeout(60)
class DurableTopicDocsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
				DataSourceInitializationAutoConfiguration.class, ZmqAutoConfiguration.class))
		.withInitializer(DocsYaml.initializer("docs/topics/publisher.yml"))
		.withInitializer(DocsYaml.initializer("docs/topics/subscriber.yml"))
		.withUserConfiguration(Registration.class)
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:docs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:docs/topics/schema.sql",
				"zmq.endpoints.user-events.bind=inproc://docs-topics",
				"zmq.endpoints.user-events-in.connect=inproc://docs-topics");

	@Test
	void usersRegisteredWhileTheSmsGroupIsStoppedGetTheirTextOnceItStarts() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			ZmqListenerEndpointRegistry listeners = context.getBean(ZmqListenerEndpointRegistry.class);
			listeners.getListenerContainer("sms").stop();
			RegistrationService registrations = context.getBean(RegistrationService.class);
			for (int i = 0; i < 5; i++) {
				registrations.register("user" + i + "@example.com", "+100" + i);
			}
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			await().atMost(Duration.ofSeconds(20)).until(() -> count(jdbc, "mails") == 5);
			assertThat(count(jdbc, "texts")).isZero();
			listeners.getListenerContainer("sms").start();
			await().atMost(Duration.ofSeconds(20)).until(() -> count(jdbc, "texts") == 5);
			DurableTopics topics = context.getBean(DurableTopics.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> topics.status("user-events").stream().allMatch((group) -> group.backlog().pending() == 0));
			assertThat(count(jdbc, "mails")).isEqualTo(5);
		});
	}

	private static long count(JdbcClient jdbc, String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ RegistrationService.class, Notifications.class })
	static class Registration {

	}

}
