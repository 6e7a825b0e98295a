-- Tables of zmq-spring-boot's durable topics for Microsoft SQL Server, with the default table prefix "zmq_".
-- Rename the tables and indexes when you use another zmq.reliable.table-prefix.
-- SQL Server has no "create table if not exists": the starter runs this script only when the tables are missing.

create table zmq_topic_message (
	message_id varchar(64) not null primary key,
	endpoint nvarchar(200) not null,
	topic nvarchar(1024) not null,
	headers nvarchar(4000) not null,
	payload varbinary(max) not null,
	seq bigint not null,
	created_at bigint not null
);

create index zmq_topic_message_seq_idx on zmq_topic_message (endpoint, seq);

create table zmq_topic_delivery (
	endpoint nvarchar(200) not null,
	group_name nvarchar(200) not null,
	message_id varchar(64) not null,
	seq bigint not null,
	attempts int not null,
	next_attempt_at bigint not null,
	primary key (endpoint, group_name, message_id)
);

create index zmq_topic_delivery_seq_idx on zmq_topic_delivery (endpoint, group_name, seq);

create table zmq_topic_group (
	endpoint nvarchar(200) not null,
	group_name nvarchar(200) not null,
	topics nvarchar(4000) not null,
	created_at bigint not null,
	primary key (endpoint, group_name)
);
