package dev.zmqspring.patterns.pipeline;

import dev.zmqspring.annotation.ZmqPublisher;

/**
 * The ventilator of a pipeline: a PUSH publisher that deals tasks to whichever workers
 * are connected.
 */
@ZmqPublisher(endpoint = "tasks")
public interface TaskVentilator {

	/** Hands one task to the next worker (round robin). */
	void submit(Task task);

}
