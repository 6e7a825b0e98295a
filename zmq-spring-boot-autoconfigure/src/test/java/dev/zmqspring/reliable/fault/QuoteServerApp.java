package dev.zmqspring.reliable.fault;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.zmqspring.testsupport.ChildJvm;
import dev.zmqspring.testsupport.ChildMain;
import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The REP server of the kill tests, on endpoint {@code quotes-in}: answers
 * {@code "reply:" + request}. A request that starts with {@code slow} is announced with
 * {@code SLOW <request>} and then held for 30 seconds, so that a kill lands while it is
 * being served.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration(ZmqAutoConfiguration.class)
public class QuoteServerApp {

	public static void main(String[] args) {
		ChildMain.start(QuoteServerApp.class, args);
		ChildMain.ready();
		ChildMain.parkForever();
	}

	@Bean
	Quotes quotes() {
		return new Quotes();
	}

	/** The listener. */
	static class Quotes {

		private final CountDownLatch never = new CountDownLatch(1);

		@ZmqListener(id = "quotes", endpoint = "quotes-in", concurrency = "8")
		String quote(String request) throws InterruptedException {
			if (request.startsWith("slow")) {
				System.out.println("SLOW " + request);
				this.never.await(30, TimeUnit.SECONDS);
			}
			else {
				// Stands for the work of a real service, so that calls are still in
				// flight when the server is killed.
				this.never.await(10, TimeUnit.MILLISECONDS);
			}
			return "reply:" + request;
		}

	}

}
