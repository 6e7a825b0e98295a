package dev.zmqspring.docs.topics;

import java.util.UUID;

import dev.zmqspring.core.ZmqTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The publishing side of docs/durable-topics.md. */
@Service
class RegistrationService {

	private final JdbcClient jdbc;

	private final ZmqTemplate template;

	RegistrationService(JdbcClient jdbc, ZmqTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	// tag::register[]
	@Transactional
	public String register(String email, String phone) {
		String userId = UUID.randomUUID().toString();
		this.jdbc.sql("insert into users (id, email, phone) values (?, ?, ?)")            // the account ...
			.params(userId, email, phone)
			.update();
		this.template.convertAndSend("user-events", "user.registered",                    // ... and its event
				new UserRegistered(userId, email, phone));                                 // commit together
		return userId;                                                                      // answered at once
	}
	// end::register[]

}
