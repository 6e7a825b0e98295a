-- Tables of zmq-spring-boot's at-least-once delivery for MariaDB, with the default table prefix "zmq_".
-- Rename the tables and indexes when you use another zmq.reliable.table-prefix. The stores need transactions:
-- keep the tables on InnoDB.

create table if not exists zmq_outbox (
	message_id varchar(64) primary key,
	endpoint varchar(200) not null,
	headers varchar(4000) not null,
	payload longblob not null,
	created_at bigint not null,
	attempts int not null,
	next_attempt_at bigint not null,
	index zmq_outbox_due_idx (endpoint, next_attempt_at)
) engine = InnoDB;

create table if not exists zmq_processed (
	listener_id varchar(200) not null,
	message_id varchar(64) not null,
	processed_at bigint not null,
	primary key (listener_id, message_id),
	index zmq_processed_at_idx (processed_at)
) engine = InnoDB;

create table if not exists zmq_dead_letter (
	listener_id varchar(200) not null,
	message_id varchar(64) not null,
	headers varchar(4000),
	payload longblob,
	error varchar(2000),
	attempts int,
	failed_at bigint,
	primary key (listener_id, message_id)
) engine = InnoDB;
