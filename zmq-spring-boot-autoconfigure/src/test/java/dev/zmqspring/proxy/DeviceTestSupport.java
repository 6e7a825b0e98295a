package dev.zmqspring.proxy;

import java.time.Duration;
import java.util.List;

import dev.zmqspring.listener.ZmqListenerEndpointRegistry;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the device tests share: finding a device and the ports it bound, and checking that
 * it let them go.
 */
final class DeviceTestSupport {

	/**
	 * How long an application with a device may take to close: "a few seconds", well
	 * below the shutdown timeout.
	 */
	static final Duration CLOSE_LIMIT = Duration.ofSeconds(3);

	private DeviceTestSupport() {
	}

	static ZmqProxy device(ApplicationContext context, String name) {
		return context.getBean(ZmqProxyRegistry.class)
			.getProxies()
			.stream()
			.filter(proxy -> proxy.getName().equals(name))
			.findFirst()
			.orElseThrow();
	}

	static String tcpListenerAddress(ApplicationContext context, String listenerId) {
		List<String> addresses = context.getBean(ZmqListenerEndpointRegistry.class)
			.getListenerContainer(listenerId)
			.getAddresses();
		return addresses.stream().filter(address -> address.startsWith("tcp://")).findFirst().orElseThrow();
	}

	/** Closes the application and asserts that it took less than {@link #CLOSE_LIMIT}. */
	static void closeQuickly(ConfigurableApplicationContext context) {
		long start = System.nanoTime();
		context.close();
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("time to close the application with its device").isLessThan(CLOSE_LIMIT);
	}

	/** Asserts that nothing holds the address any more: a new socket can bind it. */
	static void assertAddressIsFree(String address) {
		try (ZContext context = new ZContext()) {
			ZMQ.Socket socket = context.createSocket(SocketType.PAIR);
			socket.setLinger(0);
			assertThat(socket.bind(address)).as("a new socket binds " + address).isTrue();
		}
	}

}
