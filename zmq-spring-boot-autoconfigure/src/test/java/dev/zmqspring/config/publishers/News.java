package dev.zmqspring.config.publishers;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

@ZmqPublisher(endpoint = "news")
public interface News {

	@ZmqTopic("${app.topic:weather}")
	void weather(Forecast forecast);

	void publish(@ZmqTopic String topic, Forecast forecast);

	record Forecast(String city, int celsius) {
	}

}
