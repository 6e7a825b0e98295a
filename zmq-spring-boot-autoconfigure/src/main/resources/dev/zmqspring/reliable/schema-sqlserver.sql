-- Tables of zmq-spring-boot's at-least-once delivery for Microsoft SQL Server, with the default table prefix "zmq_".
-- Rename the tables and indexes when you use another zmq.reliable.table-prefix. SQL Server has no
-- "create table if not exists": the starter runs this script only when the tables are missing.

create table zmq_outbox (
	message_id varchar(64) not null primary key,
	endpoint nvarchar(200) not null,
	headers nvarchar(4000) not null,
	payload varbinary(max) not null,
	created_at bigint not null,
	attempts int not null,
	next_attempt_at bigint not null
);

create index zmq_outbox_due_idx on zmq_outbox (endpoint, next_attempt_at);

create table zmq_processed (
	listener_id nvarchar(200) not null,
	message_id varchar(64) not null,
	processed_at bigint not null,
	primary key (listener_id, message_id)
);

create index zmq_processed_at_idx on zmq_processed (processed_at);

create table zmq_dead_letter (
	listener_id nvarchar(200) not null,
	message_id varchar(64) not null,
	headers nvarchar(4000),
	payload varbinary(max),
	error nvarchar(2000),
	attempts int,
	failed_at bigint,
	primary key (listener_id, message_id)
);
