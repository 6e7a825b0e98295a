package dev.zmqspring.docs.topics;

import dev.zmqspring.annotation.ZmqListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The subscribing side of docs/durable-topics.md: two groups, each gets every event. */
@Component
class Notifications {

	private final JdbcClient jdbc;

	Notifications(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	// tag::groups[]
	@ZmqListener(id = "email", endpoint = "user-events-in", group = "email", idempotent = "true")
	void sendWelcomeMail(UserRegistered user) {           // once per event, in a transaction
		this.jdbc.sql("insert into mails (user_id) values (?)").param(user.userId()).update();
	}

	@ZmqListener(id = "sms", endpoint = "user-events-in", group = "sms", idempotent = "true", concurrency = "2")
	void sendWelcomeSms(UserRegistered user) {            // the sms group: every event too, on 2 threads
		this.jdbc.sql("insert into texts (user_id) values (?)").param(user.userId()).update();
	}
	// end::groups[]

}
