-- Drops the tables of zmq-spring-boot's durable topics for Microsoft SQL Server (default table prefix "zmq_").
-- DROP TABLE IF EXISTS needs SQL Server 2016 or later.

drop table if exists zmq_topic_group;

drop table if exists zmq_topic_delivery;

drop table if exists zmq_topic_message;
