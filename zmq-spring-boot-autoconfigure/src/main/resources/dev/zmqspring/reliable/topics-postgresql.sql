-- Tables of zmq-spring-boot's durable topics for PostgreSQL, with the default table prefix "zmq_".
-- Rename the tables and indexes when you use another zmq.reliable.table-prefix.

create table if not exists zmq_topic_message (
	message_id varchar(64) primary key,
	endpoint varchar(200) not null,
	topic varchar(1024) not null,
	headers varchar(4000) not null,
	payload bytea not null,
	seq bigint not null,
	created_at bigint not null
);

create index if not exists zmq_topic_message_seq_idx on zmq_topic_message (endpoint, seq);

create table if not exists zmq_topic_delivery (
	endpoint varchar(200) not null,
	group_name varchar(200) not null,
	message_id varchar(64) not null,
	seq bigint not null,
	attempts int not null,
	next_attempt_at bigint not null,
	primary key (endpoint, group_name, message_id)
);

create index if not exists zmq_topic_delivery_seq_idx on zmq_topic_delivery (endpoint, group_name, seq);

create table if not exists zmq_topic_group (
	endpoint varchar(200) not null,
	group_name varchar(200) not null,
	topics varchar(4000) not null,
	created_at bigint not null,
	primary key (endpoint, group_name)
);
