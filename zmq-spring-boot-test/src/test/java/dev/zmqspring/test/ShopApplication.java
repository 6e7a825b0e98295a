package dev.zmqspring.test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqHandler;
import dev.zmqspring.annotation.ZmqListener;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.Header;

/**
 * The application under test in this module's tests: endpoints of every kind on fixed tcp
 * ports (which the tests never open), and listeners.
 */
@SpringBootApplication
public class ShopApplication {

	public record Command(String name, int quantity) {
	}

	public record Price(String sku, long cents) {
	}

	@Bean
	Listeners listeners() {
		return new Listeners();
	}

	@Bean
	Alerts alerts() {
		return new Alerts();
	}

	public static class Listeners {

		private final List<Object> received = new CopyOnWriteArrayList<>();

		/** What the listeners received (a method: the bean is a proxy in these tests). */
		public List<Object> getReceived() {
			return this.received;
		}

		@ZmqListener(id = "commands", endpoint = "commands-in")
		public void command(Command command, @Header(name = "origin", required = false) String origin) {
			if (command.quantity() < 0) {
				throw new IllegalArgumentException("negative quantity");
			}
			this.received.add(command);
		}

		@ZmqListener(endpoint = "feed-in")
		public void price(Price price) {
			this.received.add(price);
		}

		@ZmqListener(id = "echo", endpoint = "echo-in")
		public String echo(String text) throws InterruptedException {
			if (text.equals("fail")) {
				throw new IllegalStateException("asked to fail");
			}
			if (text.equals("slow")) {
				// Work that outlasts a caller's timeout.
				Thread.sleep(500);
			}
			return text.toUpperCase();
		}

		@ZmqListener(id = "payments", endpoint = "payments-in", idempotent = "true")
		public void payment(Price payment) {
			this.received.add(payment);
		}

		@ZmqListener(id = "news", endpoint = "news-in", group = "readers")
		public void news(String headline) {
			this.received.add(headline);
		}

		@ZmqListener(id = "local", endpoint = "local-in")
		public void local(String text) {
			this.received.add(text);
		}

	}

	@ZmqListener(id = "alerts", type = "PULL", bind = "inproc://alerts")
	public static class Alerts {

		@ZmqHandler
		public void alert(String text) {
		}

	}

}
