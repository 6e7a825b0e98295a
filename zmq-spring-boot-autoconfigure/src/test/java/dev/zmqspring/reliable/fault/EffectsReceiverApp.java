package dev.zmqspring.reliable.fault;

import java.util.concurrent.atomic.AtomicInteger;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.ChildMain;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The receiving application of the kill tests: an idempotent at-least-once listener on
 * endpoint {@code orders-in} that inserts one row per message into its {@code effects}
 * table, in the listener's transaction (the same one that records the message id). With
 * {@code fault.progress-every=N} it prints {@code PROCESSED <count>} after every N
 * messages it applied, so that a test can kill it at a chosen point.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, ZmqAutoConfiguration.class })
public class EffectsReceiverApp {

	/**
	 * Listener id of the effects listener (the key of its processed ids and statistics).
	 */
	static final String LISTENER_ID = "effects";

	public static void main(String[] args) {
		ChildMain.start(EffectsReceiverApp.class, args);
		ChildMain.ready();
		ChildMain.parkForever();
	}

	@Bean
	Effects effects(JdbcTemplate jdbcTemplate, Environment environment) {
		return new Effects(jdbcTemplate, environment.getProperty("fault.progress-every", Integer.class, 0));
	}

	/** Applies each message once: one row in {@code effects}. */
	static class Effects {

		private final JdbcTemplate jdbcTemplate;

		private final int progressEvery;

		private final AtomicInteger applied = new AtomicInteger();

		Effects(JdbcTemplate jdbcTemplate, int progressEvery) {
			this.jdbcTemplate = jdbcTemplate;
			this.progressEvery = progressEvery;
			// No key on purpose: a message applied twice shows as two rows.
			jdbcTemplate.execute("create table if not exists effects (message varchar(100) not null)");
		}

		@ZmqListener(id = LISTENER_ID, endpoint = "orders-in", idempotent = "true", concurrency = "4")
		void apply(String message) {
			this.jdbcTemplate.update("insert into effects (message) values (?)", message);
			int count = this.applied.incrementAndGet();
			if (this.progressEvery > 0 && count % this.progressEvery == 0) {
				System.out.println("PROCESSED " + count);
			}
		}

	}

}
