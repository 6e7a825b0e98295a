package dev.zmqspring.config.enable;

import dev.zmqspring.annotation.ZmqPublisher;

/** A publisher in the package of an {@code @EnableZmq} configuration. */
@ZmqPublisher(endpoint = "jobs")
public interface Jobs {

	void submit(String job);

}
