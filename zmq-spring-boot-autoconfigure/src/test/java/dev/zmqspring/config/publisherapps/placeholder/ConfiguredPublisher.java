package dev.zmqspring.config.publisherapps.placeholder;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * A publisher whose endpoint and topic come from properties.
 */
@ZmqPublisher(endpoint = "${app.publisher-endpoint}")
public interface ConfiguredPublisher {

	@ZmqTopic("${app.topic}")
	void publish(String text);

}
