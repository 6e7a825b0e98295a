package dev.zmqspring.config.publisherapps.expression;

import dev.zmqspring.annotation.ZmqPublisher;
import dev.zmqspring.annotation.ZmqTopic;

/**
 * A publisher whose endpoint, timeout and topic are SpEL expressions, one of them reading
 * a bean.
 */
@ZmqPublisher(endpoint = "#{@routing.endpoint}", timeout = "#{'2' + 's'}")
public interface ExpressionPublisher {

	@ZmqTopic("#{'user.' + '${app.event}'}")
	void publish(String text);

}
