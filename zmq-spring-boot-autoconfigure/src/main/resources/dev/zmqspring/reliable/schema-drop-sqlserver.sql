-- Drops the tables of zmq-spring-boot's at-least-once delivery for Microsoft SQL Server (default table prefix "zmq_").
-- DROP TABLE IF EXISTS needs SQL Server 2016 or later.

drop table if exists zmq_dead_letter;

drop table if exists zmq_processed;

drop table if exists zmq_outbox;
