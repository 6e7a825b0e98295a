package dev.zmqspring.reliable.fault;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.ChildMain;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import dev.zmqspring.core.ZmqTemplate;
import dev.zmqspring.reliable.ReliableDeliveryRegistry;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The sending application of the kill tests: an at-least-once endpoint {@code orders-out}
 * whose outbox is in the application's database. As a child JVM it runs in one of two
 * modes ({@code fault.mode}):
 * <ul>
 * <li>{@code run} (default): sends what its outbox holds and prints
 * {@code OUTBOX <depth>} and then {@code SENDS <sends so far>} whenever the depth
 * changes;</li>
 * <li>{@code store-then-run}: first stores {@code fault.messages} messages (in
 * transactions of 100) and prints {@code STORED <count>}, then goes on as in
 * {@code run};</li>
 * <li>{@code commit-then-hang}: stores {@code fault.messages} messages in one transaction
 * whose first after-commit callback prints {@code COMMITTED} and then blocks for good, so
 * that the starter's own after-commit wake-up of the dispatcher never runs. The test
 * kills it then.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, ZmqAutoConfiguration.class })
public class OutboxSenderApp {

	static final String ENDPOINT = "orders-out";

	public static void main(String[] args) {
		ConfigurableApplicationContext context = ChildMain.start(OutboxSenderApp.class, args);
		ChildMain.ready();
		String mode = context.getEnvironment().getProperty("fault.mode", "run");
		if (mode.equals("commit-then-hang")) {
			storeInOneTransactionThenHang(context,
					context.getEnvironment().getRequiredProperty("fault.messages", Integer.class));
		}
		else {
			if (mode.equals("store-then-run")) {
				store(context, context.getEnvironment().getRequiredProperty("fault.messages", Integer.class));
			}
			printOutboxDepth(context.getBean(ReliableDeliveryRegistry.class));
		}
		ChildMain.parkForever();
	}

	private static void storeInOneTransactionThenHang(ConfigurableApplicationContext context, int messages) {
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		transaction.executeWithoutResult(status -> {
			// Registered before the first send, and first in order, so it runs before the
			// starter's wake-ups.
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public int getOrder() {
					return Ordered.HIGHEST_PRECEDENCE;
				}

				@Override
				public void afterCommit() {
					System.out.println("COMMITTED");
					ChildMain.parkForever();
				}

			});
			for (int i = 0; i < messages; i++) {
				template.convertAndSend(ENDPOINT, "order-" + i);
			}
		});
	}

	private static void store(ConfigurableApplicationContext context, int messages) {
		ZmqTemplate template = context.getBean(ZmqTemplate.class);
		TransactionTemplate transaction = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
		for (int from = 0; from < messages; from += 100) {
			int first = from;
			transaction.executeWithoutResult(status -> {
				for (int i = first; i < Math.min(first + 100, messages); i++) {
					template.convertAndSend(ENDPOINT, "order-" + i);
				}
			});
		}
		System.out.println("STORED " + messages);
	}

	/** Prints the outbox depth every 50 ms when it changed, on a daemon thread. */
	private static void printOutboxDepth(ReliableDeliveryRegistry registry) {
		AtomicLong last = new AtomicLong(-1);
		ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "outbox-depth-printer");
			thread.setDaemon(true);
			return thread;
		});
		printer.scheduleWithFixedDelay(() -> {
			try {
				long depth = registry.outboxDepth(ENDPOINT);
				if (last.getAndSet(depth) != depth) {
					System.out.println("OUTBOX " + depth);
					System.out.println("SENDS " + registry.statistics(ENDPOINT).getSends());
				}
			}
			catch (RuntimeException ex) {
				// The context is closing (SIGTERM): the database is gone.
				printer.shutdown();
			}
		}, 0, 50, TimeUnit.MILLISECONDS);
	}

}
