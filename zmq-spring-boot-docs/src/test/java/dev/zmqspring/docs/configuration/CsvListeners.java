package dev.zmqspring.docs.configuration;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.autoconfigure.ZmqListenerContainerFactoryConfigurer;
import dev.zmqspring.listener.ZmqListenerContainerFactory;
import dev.zmqspring.support.converter.ZmqMessageConverter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** A listener whose container comes from a factory with a converter of its own, as docs/configuration.md shows. */
@Configuration(proxyBeanMethods = false)
class CsvListeners {

	final List<Reading> readings = new CopyOnWriteArrayList<>();

	// tag::factory[]
	@Bean
	ZmqListenerContainerFactory csvFactory(ZmqListenerContainerFactoryConfigurer configurer) {
		return configurer.create(new CsvReadingConverter());           // another converter, the rest as the starter's
	}

	@ZmqListener(endpoint = "telemetry-in", containerFactory = "csvFactory")
	void onReading(Reading reading) {
		this.readings.add(reading);
	}
	// end::factory[]

	record Reading(String sensor, double value) {
	}

	/** Reads "sensor,value" lines; writes them back. */
	static class CsvReadingConverter implements ZmqMessageConverter {

		@Override
		public byte[] toBytes(Object value) {
			Reading reading = (Reading) value;
			return (reading.sensor() + "," + reading.value()).getBytes(StandardCharsets.UTF_8);
		}

		@Override
		public PayloadReader readerFor(Type targetType) {
			return (payload) -> {
				String[] fields = new String(payload, StandardCharsets.UTF_8).split(",");
				return new Reading(fields[0], Double.parseDouble(fields[1]));
			};
		}

	}

}
