package dev.zmqspring.samples.order.user;

import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code app_user} table.
 */
@Repository
public class UserRepository {

	private final JdbcClient jdbc;

	UserRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	User insert(RegisterUserRequest request, Instant registeredAt) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc
			.sql("insert into app_user (name, email, phone, registered_at) values (:name, :email, :phone,"
					+ " :registeredAt)")
			.param("name", request.name())
			.param("email", request.email())
			.param("phone", request.phone())
			.param("registeredAt", registeredAt.toEpochMilli())
			.update(key, "id");
		return new User(key.getKeyAs(Long.class), request.name(), request.email(), request.phone(), registeredAt);
	}

	/** Whether a user with this id exists. */
	public boolean exists(long id) {
		return this.jdbc.sql("select count(*) from app_user where id = :id")
			.param("id", id)
			.query(Long.class)
			.single() > 0;
	}

	Optional<User> findById(long id) {
		return this.jdbc.sql("select id, name, email, phone, registered_at from app_user where id = :id")
			.param("id", id)
			.query((rs, row) -> new User(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
					rs.getString("phone"), Instant.ofEpochMilli(rs.getLong("registered_at"))))
			.optional();
	}

}
