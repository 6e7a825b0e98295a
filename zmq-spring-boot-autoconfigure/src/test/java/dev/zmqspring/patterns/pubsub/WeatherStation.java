package dev.zmqspring.patterns.pubsub;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * A PUB publisher: the topic is fixed on a method or given per call.
 */
@ZmqPublisher(endpoint = "weather")
public interface WeatherStation {

	/** Publishes under the fixed topic {@code weather.paris}. */
	@ZmqTopic("weather.paris")
	void paris(String reading);

	/** Publishes under the topic of this call. */
	void report(@ZmqTopic String topic, String reading);

}
