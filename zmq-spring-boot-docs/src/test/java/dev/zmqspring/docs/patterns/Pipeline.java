package dev.zmqspring.docs.patterns;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.annotation.ZmqSendTo;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/** Pipeline: ventilator -> workers -> sink. */
@Component
class Pipeline {

	final List<Result> collected = new CopyOnWriteArrayList<>();

	private final ZmqTemplate template;

	Pipeline(ZmqTemplate template) {
		this.template = template;
	}

	// tag::pipeline[]
	void ventilate(List<Task> tasks) {
		tasks.forEach(task -> this.template.convertAndSend("ventilator", task));
	}

	@ZmqListener(endpoint = "tasks", concurrency = "4")
	@ZmqSendTo("results")
	Result work(Task task) {
		return task.run();
	}

	@ZmqListener(endpoint = "sink")
	void collect(Result result) {
		this.collected.add(result);
	}
	// end::pipeline[]

}
