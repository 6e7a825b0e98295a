package dev.zmqspring.docs.patterns;

import dev.zmqspring.annotation.ZmqListener;
import dev.zmqspring.core.ZmqTemplate;
import org.springframework.stereotype.Component;

/** Request/reply: the classic hello world, server and client in one bean for the test. */
@Component
class HelloWorld {

	private final ZmqTemplate template;

	HelloWorld(ZmqTemplate template) {
		this.template = template;
	}

	// tag::server[]
	@ZmqListener(endpoint = "hello-server")
	String hello(String name) {
		return "World";
	}
	// end::server[]

	String ask() {
		// tag::client[]
		String answer = this.template.request("hello", "Hello", String.class);
		// end::client[]
		return answer;
	}

}
