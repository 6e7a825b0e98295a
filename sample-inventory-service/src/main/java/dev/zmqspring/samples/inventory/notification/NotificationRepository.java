package dev.zmqspring.samples.inventory.notification;

import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code notification} table.
 */
@Repository
class NotificationRepository {

	private final JdbcClient jdbc;

	NotificationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void record(NotificationJob job, long startedAt, long finishedAt, String worker) {
		this.jdbc
			.sql("insert into notification (channel, user_id, email, recipient, worker, registered_at, queued_at,"
					+ " started_at, finished_at) values (:channel, :userId, :email, :recipient, :worker, :registeredAt,"
					+ " :queuedAt, :startedAt, :finishedAt)")
			.param("channel", job.channel())
			.param("userId", job.userId())
			.param("email", job.email())
			.param("recipient", job.recipient())
			.param("worker", worker)
			.param("registeredAt", job.registeredAt())
			.param("queuedAt", job.queuedAt())
			.param("startedAt", startedAt)
			.param("finishedAt", finishedAt)
			.update();
	}

	List<Notification> findByEmail(String email) {
		return this.jdbc
			.sql("select channel, recipient, worker, registered_at, started_at, finished_at"
					+ " from notification where email = :email order by finished_at, channel")
			.param("email", email)
			.query((rs, row) -> {
				long registeredAt = rs.getLong("registered_at");
				long startedAt = rs.getLong("started_at");
				long finishedAt = rs.getLong("finished_at");
				return new Notification(rs.getString("channel"), rs.getString("recipient"), rs.getString("worker"),
						Instant.ofEpochMilli(registeredAt), Instant.ofEpochMilli(startedAt),
						Instant.ofEpochMilli(finishedAt), startedAt - registeredAt, finishedAt - registeredAt);
			})
			.list();
	}

}
